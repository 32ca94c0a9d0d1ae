import { describe, expect, it, vi } from 'vitest';
import { api, fieldErrorsFrom, missingIdsFrom, queryString } from './api.ts';

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('api', () => {
  it('sends the bearer token and a JSON body, and returns the data', async () => {
    const fetch = vi.fn(async () => json(201, { familyId: 'f1' }));
    const result = await api('/api/family', {
      method: 'POST',
      token: 'jwt',
      body: { familyName: 'A' },
      fetch,
    });
    expect(result).toEqual({ ok: true, status: 201, data: { familyId: 'f1' } });
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/family');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({
      authorization: 'Bearer jwt',
      'content-type': 'application/json',
    });
    expect(init.body).toBe('{"familyName":"A"}');
  });

  it('handles 204 without a body, error bodies and network failures', async () => {
    expect(await api('/x', { fetch: async () => new Response(null, { status: 204 }) })).toEqual({
      ok: true,
      status: 204,
      data: undefined,
    });
    const refused = await api('/x', {
      fetch: async () =>
        json(400, {
          code: 'validation_error',
          message: 'Unknown user ids: u9',
          details: { missingIds: ['u9'] },
        }),
    });
    expect(refused).toMatchObject({ ok: false, status: 400, code: 'validation_error' });
    if (!refused.ok) expect(missingIdsFrom(refused)).toEqual(['u9']);
    const offline = await api('/x', {
      fetch: async () => {
        throw new TypeError('offline');
      },
    });
    expect(offline).toMatchObject({ ok: false, status: 0, code: 'network_error' });
  });
});

describe('fieldErrorsFrom', () => {
  it('maps the validator paths to field names (first message wins)', () => {
    expect(
      fieldErrorsFrom({
        status: 400,
        code: 'validation_error',
        message: '',
        details: {
          errors: [
            { path: '/body/personality', message: 'must NOT have fewer than 5 characters' },
            { path: '/body/personality', message: 'second' },
            { path: '/body/studentIds/0', message: 'bad id' },
            { path: '/query/animalId', message: 'required' },
          ],
        },
      }),
    ).toEqual({
      personality: 'must NOT have fewer than 5 characters',
      studentIds: 'bad id',
      animalId: 'required',
    });
  });
});

describe('queryString', () => {
  it('encodes spaces as %20 (the REST validator refuses +) and skips empty values', () => {
    expect(queryString({ query: 'Parent User', role: 'parent', page_size: 20 })).toBe(
      '?query=Parent%20User&role=parent&page_size=20',
    );
    expect(queryString({ query: '', role: undefined })).toBe('');
  });
});
