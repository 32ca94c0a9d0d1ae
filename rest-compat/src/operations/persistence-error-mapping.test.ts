import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../http/error-handler.ts';
import {
  ConditionFailed,
  InvalidReference,
  NotFound,
  StoreUnavailable,
} from '../persistence/persistence-errors.ts';
import { toRestError, withPersistenceErrors } from './persistence-error-mapping.ts';

describe('toRestError', () => {
  it('maps every lost condition to 409 conflict', () => {
    for (const reason of ['version_conflict', 'already_exists', 'email_taken', 'other']) {
      const { status, body } = toErrorResponse(
        toRestError(new ConditionFailed('user', 'u1', reason)),
      );
      expect(status).toBe(409);
      expect(body).toMatchObject({
        code: 'conflict',
        details: { entity: 'user', id: 'u1', reason },
      });
    }
  });

  it('maps NotFound to 404 and InvalidReference to 400 with the missing ids', () => {
    expect(toErrorResponse(toRestError(new NotFound('family', 'f1')))).toEqual({
      status: 404,
      body: {
        code: 'not_found',
        message: 'Family not found',
        details: { entity: 'family', id: 'f1' },
      },
    });
    const invalid = toErrorResponse(toRestError(new InvalidReference('user', ['a', 'b'])));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      code: 'invalid_request',
      details: { missingIds: ['a', 'b'] },
    });
    expect(invalid.body.message).toContain('a, b');
  });

  it('maps StoreUnavailable to a temporary 503 without the cause', () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.1:8000');
    const { status, body } = toErrorResponse(
      toRestError(new StoreUnavailable('GetItem t', { cause })),
    );
    expect(status).toBe(503);
    expect(body).toEqual({
      code: 'service_unavailable',
      message: 'The data store is unavailable',
      details: { temporary: true },
    });
  });

  it('leaves other errors alone', () => {
    const error = new TypeError('bug');
    expect(toRestError(error)).toBe(error);
  });

  it('wraps handlers so their persistence failures come out mapped', async () => {
    const handlers = withPersistenceErrors({
      broken: async () => {
        throw new NotFound('animal', 'bella');
      },
    });
    const failure = await handlers.broken?.({} as never).catch((error: unknown) => error);
    expect(toErrorResponse(failure).status).toBe(404);
  });
});
