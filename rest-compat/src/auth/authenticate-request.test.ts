import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from '@cmz/engine';
import { createErrorHandler } from '../http/error-handler.ts';
import type { RestPrincipal } from '../http/operation-types.ts';
import { AuthFailure } from './auth-failure.ts';
import { createTestClock, testSecret } from './auth-test-kit.ts';
import { createAuthenticateMiddleware, principalOf } from './authenticate-request.ts';
import { requireAccess } from './authorize-request.ts';
import { createMemoryTokenRevocations } from './token-revocations.ts';
import { createTokenService } from './token-service.ts';

const clock = createTestClock();
const tokens = createTokenService({
  secret: testSecret,
  revocations: createMemoryTokenRevocations(clock.now),
  now: clock.now,
});
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  const app = express();
  app.use(createAuthenticateMiddleware(tokens));
  const whoAmI = (request: express.Request, response: express.Response) => {
    response.json({ principal: principalOf(request) });
  };
  app.get('/me', whoAmI);
  app.get('/convo_turn/stream', whoAmI);
  app.post('/convo_turn/stream', whoAmI);
  app.post('/animal', requireAccess('animal_post'), whoAmI);
  app.post('/auth', () => {
    throw new AuthFailure('too_many_requests', { retryAfterMs: 1_500 });
  });
  app.use(createErrorHandler({ error: vi.fn() } as unknown as Logger));
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const call = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${baseUrl}${path}`, init);
  return { response, body: (await response.json()) as Record<string, unknown> };
};
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const issue = (role: 'parent' | 'zookeeper' = 'parent') =>
  tokens.issue({ userId: `user_${role}`, email: `${role}@cmz.org`, role });

describe('authenticate middleware', () => {
  it('sets the principal from a valid bearer token', async () => {
    const issued = await issue();
    const { response, body } = await call('/me', bearer(issued.token));
    expect(response.status).toBe(200);
    expect(body['principal']).toEqual({
      userId: 'user_parent',
      email: 'parent@cmz.org',
      role: 'parent',
      tokenId: issued.tokenId,
      expiresAt: issued.expiresAt,
    });
  });

  it('goes on anonymously without a token or with another scheme', async () => {
    expect((await call('/me')).body['principal']).toBeNull();
    const basic = await call('/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.body['principal']).toBeNull();
  });

  it('answers 401 with the spec Error body for a bad, empty, expired or revoked token', async () => {
    const expired = await issue();
    const revoked = await issue();
    await tokens.revoke(revoked.token);
    const expectRefused = async (token: string, reason: string) => {
      const { response, body } = await call('/me', bearer(token));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(body).toEqual({
        code: 'unauthorized',
        message: 'The identity token is invalid or expired',
        details: { engineCode: 'CMZ_ERR_AUTH_INVALID_TOKEN', reason },
      });
    };
    await expectRefused('not.a.token', 'invalid');
    await expectRefused('', 'invalid');
    await expectRefused(revoked.token, 'revoked');
    clock.advance(86_400_000);
    await expectRefused(expired.token, 'expired');
  });

  it('reads ?token= only on GET /convo_turn/stream', async () => {
    const { token } = await issue();
    const stream = await call(`/convo_turn/stream?token=${encodeURIComponent(token)}`);
    expect((stream.body['principal'] as { userId: string }).userId).toBe('user_parent');
    expect((await call(`/me?token=${token}`)).body['principal']).toBeNull();
    const posted = await call(`/convo_turn/stream?token=${token}`, { method: 'POST' });
    expect(posted.body['principal']).toBeNull();
    const bad = await call('/convo_turn/stream?token=forged');
    expect(bad.response.status).toBe(401);
  });

  it('prefers the header over the query token', async () => {
    const header = await issue('zookeeper');
    const query = await issue('parent');
    const { body } = await call(`/convo_turn/stream?token=${query.token}`, bearer(header.token));
    expect((body['principal'] as { role: string }).role).toBe('zookeeper');
  });
});

describe('requireAccess', () => {
  it('answers 401 to nobody, 403 to a role not allowed, and lets an allowed role through', async () => {
    const anonymous = await call('/animal', { method: 'POST' });
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.body).toEqual({
      code: 'unauthorized',
      message: 'Sign in to do that',
      details: { engineCode: 'CMZ_ERR_AUTH_REQUIRED' },
    });
    const parent = await call('/animal', { method: 'POST', ...bearer((await issue()).token) });
    expect(parent.response.status).toBe(403);
    expect(parent.body).toEqual({
      code: 'forbidden',
      message: 'This identity may not do that',
      details: { engineCode: 'CMZ_ERR_AUTH_FORBIDDEN', operationId: 'animal_post' },
    });
    const keeper = await call('/animal', {
      method: 'POST',
      ...bearer((await issue('zookeeper')).token),
    });
    expect(keeper.response.status).toBe(200);
  });
});

describe('AuthFailure through the REST error handler', () => {
  it('becomes the old API code with Retry-After for rate limits', async () => {
    const { response, body } = await call('/auth', { method: 'POST' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(body).toEqual({
      code: 'too_many_requests',
      message: 'Too many sign-in attempts: wait a moment and try again',
      details: { engineCode: 'CMZ_ERR_AUTH_RATE_LIMITED', retryAfterMs: 1_500 },
    });
  });
});

describe('principalOf', () => {
  it('fits the route binding of the REST layer (a RestPrincipal reader)', () => {
    const reader: (request: express.Request) => RestPrincipal | null = principalOf;
    expect(reader({} as express.Request)).toBeNull();
  });
});
