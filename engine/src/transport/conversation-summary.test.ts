import { describe, expect, it } from 'vitest';
import { truncatePreview } from './conversation-summary.ts';

describe('truncatePreview', () => {
  it('keeps short text and cuts long text to 120 code units ending with …', () => {
    expect(truncatePreview('Hello!')).toBe('Hello!');
    expect(truncatePreview('a'.repeat(120))).toBe('a'.repeat(120));
    const cut = truncatePreview('a'.repeat(200));
    expect(cut).toHaveLength(120);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits an emoji in half', () => {
    const cut = truncatePreview('🐻'.repeat(100));
    expect(cut.length).toBeLessThanOrEqual(120);
    expect(cut).toBe(`${'🐻'.repeat(59)}…`);
  });
});
