import { describe, expect, it } from 'vitest';
import { EngineError, toPublicError } from './engine-error.ts';

describe('EngineError', () => {
  it('fills the message template, status and temporary flag from the catalog', () => {
    const error = new EngineError('CMZ_ERR_MESSAGE_TOO_LONG', { args: [500] });
    expect(error.message).toBe('Message is longer than 500 characters');
    expect(error.status).toBe(413);
    expect(error.temporary).toBe(false);
    expect(error.code).toBe('CMZ_ERR_MESSAGE_TOO_LONG');
  });

  it('is recognised across module copies through the registry symbol', () => {
    const foreign = { [Symbol.for('cmz.engine.error')]: true, code: 'CMZ_ERR_INTERNAL' };
    expect(EngineError.isInstance(foreign)).toBe(true);
    expect(EngineError.isInstance(new Error('plain'))).toBe(false);
    expect(EngineError.isInstance(null)).toBe(false);
  });

  it('masks unknown errors for the wire and keeps catalog messages', () => {
    expect(toPublicError(new Error('password=hunter2'))).toEqual({
      code: 'CMZ_ERR_INTERNAL',
      message: 'Something went wrong',
      temporary: false,
    });
    const limited = toPublicError(
      new EngineError('CMZ_ERR_MESSAGE_RATE_LIMITED', { retryAfterMs: 1500 }),
    );
    expect(limited).toMatchObject({
      code: 'CMZ_ERR_MESSAGE_RATE_LIMITED',
      temporary: true,
      retryAfterMs: 1500,
    });
  });
});
