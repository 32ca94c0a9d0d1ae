import { describe, expect, it } from 'vitest';
import { spawnEngineNode } from './spawn-engine-node.ts';

describe('spawnEngineNode', () => {
  it('starts a child node that answers /healthz and exits 0 on SIGTERM', async () => {
    const node = await spawnEngineNode();
    const response = await fetch(`${node.url}/healthz`);
    expect(response.status).toBe(200);
    node.kill('SIGTERM');
    expect(await node.exited).toEqual({ code: 0, signal: null });
  });

  it('reports a node that cannot start, with its error', async () => {
    await expect(spawnEngineNode({ environment: { PORT: 'not-a-port' } })).rejects.toThrow(
      /CMZ_ERR_CONFIG_INVALID/,
    );
  });
});
