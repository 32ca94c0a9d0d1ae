import { describe, expect, it } from 'vitest';
import { createSpecResponseCheck } from './spec-response-check.ts';

const check = createSpecResponseCheck();

describe('spec response check', () => {
  it('accepts a valid body, nullable fields included', () => {
    const body = { userId: 'user_a', email: 'a@example.org', familyId: null, phoneNumber: null };
    expect(check({ operationId: 'me_get', status: 200, body })).toEqual({
      valid: true,
      errors: null,
    });
  });

  it('refuses a body that breaks the schema', () => {
    expect(
      check({ operationId: 'me_get', status: 200, body: { userId: 'not valid!' } }).valid,
    ).toBe(false);
    expect(check({ operationId: 'animal_get', status: 200, body: { animalId: 'a' } }).valid).toBe(
      false,
    );
  });

  it('follows $ref responses and the default response', () => {
    expect(check({ operationId: 'getUser', status: 404, body: { code: 'not_found' } }).valid).toBe(
      false,
    );
    const error = { code: 'not_found', message: 'Not found' };
    expect(check({ operationId: 'getUser', status: 404, body: error }).valid).toBe(true);
    expect(check({ operationId: 'getUser', status: 503, body: error }).valid).toBe(true);
  });

  it('wants no body where the spec declares none', () => {
    expect(check({ operationId: 'deleteUser', status: 204 }).valid).toBe(true);
    expect(check({ operationId: 'deleteUser', status: 204, body: {} }).valid).toBe(false);
  });

  it('throws for an unknown operation', () => {
    expect(() => check({ operationId: 'noSuchOperation', status: 200 })).toThrow(/unknown/);
  });
});
