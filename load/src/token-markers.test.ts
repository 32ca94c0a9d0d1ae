import { describe, expect, it } from 'vitest';
import { markerKey, markerToken, readMarkers } from './token-markers.ts';

describe('token markers', () => {
  it('round-trips the tokens of a stream, also when several are merged into one delta', () => {
    const tokens = [0, 1, 2, 3].map((token) => markerToken(12, token));
    expect(tokens.join('')).toBe('s12t0, s12t1, s12t2, s12t3,');
    expect(readMarkers(tokens.slice(1, 3).join(''))).toEqual([
      { stream: 12, token: 1 },
      { stream: 12, token: 2 },
    ]);
  });

  it('ignores text that is not a marker', () => {
    expect(readMarkers('Roar! I am a lion.')).toEqual([]);
  });

  it('keeps keys of different streams apart', () => {
    expect(markerKey({ stream: 1, token: 0 })).not.toBe(markerKey({ stream: 0, token: 1 }));
    expect(markerKey({ stream: 2, token: 5 })).toBe(2_000_005);
  });
});
