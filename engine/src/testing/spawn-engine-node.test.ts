import { describe, expect, it } from 'vitest';
import { spawnEngineNode } from './spawn-engine-node.ts';

describe('spawnEngineNode', () => {
  it('starts a child node that answers /healthz and exits 0 on SIGTERM', async () => {
    const node = await spawnEngineNode();
    const response = await fetch(`${node.url}/healthz`);
    expect(response.status).toBe(200);
    // Without CMZ_NODE_EXTENSIONS the REST layer is not loaded.
    const signIn = await fetch(`${node.url}/api/auth`, { method: 'POST' });
    expect(signIn.status).toBe(404);
    node.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });

  it('loads the REST layer with CMZ_NODE_EXTENSIONS=rest: a seeded user signs in', async () => {
    const node = await spawnEngineNode({
      environment: { CMZ_NODE_EXTENSIONS: 'rest', REST_LEGACY_PORT: 'off', BCRYPT_COST: '4' },
      startTimeoutMs: 60_000,
    });
    try {
      const response = await fetch(`${node.url}/api/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'educator@cmz.org', password: 'testpass123' }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { token?: unknown };
      expect(typeof body.token).toBe('string');
    } finally {
      node.kill('SIGTERM');
      await node.exited;
    }
  }, 90_000);

  it('refuses an unknown extension name instead of starting without it', async () => {
    await expect(
      spawnEngineNode({ environment: { CMZ_NODE_EXTENSIONS: 'rest,nope' } }),
    ).rejects.toThrow(/unknown extension nope/);
  });

  it('reports a node that cannot start, with its error', async () => {
    await expect(spawnEngineNode({ environment: { PORT: 'not-a-port' } })).rejects.toThrow(
      /CMZ_ERR_CONFIG_INVALID/,
    );
  });
});
