import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles.ts';
import { formatRatio } from './scenario-report.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => 100 - index);

  it('answers the nearest-rank value whatever the input order', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it('handles one value and no values', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarizes in one line', () => {
    expect(summarize('x', [1, 2, 3, 4])).toMatch(
      /n=4 {2}p50 2\.00 ms {2}p95 4\.00 ms .*max 4\.00 ms/,
    );
  });
});

describe('formatRatio', () => {
  it('divides engine by baseline and refuses meaningless ratios', () => {
    expect(formatRatio(3, 2)).toBe('×1.50');
    expect(formatRatio(3, 0)).toBe('–');
    expect(formatRatio(Number.NaN, 2)).toBe('–');
  });
});
