import { describe, expect, it } from 'vitest';
import { abortableSleep, retryAfterFromHeaders, retryDelayMs } from './retry-policy.ts';

const policy = { maxRetries: 3, initialBackoffMs: 500, maxBackoffMs: 8000 };

describe('retryDelayMs', () => {
  it('doubles the backoff per retry with equal jitter, capped', () => {
    expect(retryDelayMs(policy, 0, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(policy, 0, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(policy, 2, undefined, () => 0.5)).toBe(1500);
    expect(retryDelayMs(policy, 10, undefined, () => 1)).toBe(8000);
  });

  it('prefers the server hint, capped and never negative', () => {
    expect(retryDelayMs(policy, 0, 1200)).toBe(1200);
    expect(retryDelayMs(policy, 0, 60_000)).toBe(8000);
    expect(retryDelayMs(policy, 0, -5)).toBe(0);
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads retry-after-ms first, then retry-after seconds', () => {
    const both = new Headers({ 'retry-after-ms': '250.5', 'retry-after': '3' });
    expect(retryAfterFromHeaders(both)).toBe(250.5);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const headers = new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' });
    expect(retryAfterFromHeaders(headers, now)).toBe(4000);
    const past = new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' });
    expect(retryAfterFromHeaders(past, now)).toBe(0);
  });

  it('ignores missing, negative and unreadable values', () => {
    expect(retryAfterFromHeaders(undefined)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '-1' }))).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'later' }))).toBeUndefined();
  });
});

describe('abortableSleep', () => {
  it('resolves true after the wait and false when aborted', async () => {
    expect(await abortableSleep(5, new AbortController().signal)).toBe(true);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    expect(await sleeping).toBe(false);
    expect(await abortableSleep(60_000, controller.signal)).toBe(false);
  });
});
