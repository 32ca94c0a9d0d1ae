import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { spawnEngineNode } from '../testing/spawn-engine-node.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import type { EngineServer } from '../transport/socket-types.ts';
import { fakeUwsRecord, refusedPort } from './uws-transport-fake-module.ts';
import { loadUwsModule, startUwsTransport } from './uws-transport.ts';

const fakeModule = fileURLToPath(new URL('./uws-transport-fake-module.ts', import.meta.url));
const brokenModule = fileURLToPath(new URL('./uws-transport-broken-module.ts', import.meta.url));
const servers: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('SOCKET_SERVER=uws', () => {
  it('fails the start with a coded error naming the cause and the fix when the module is missing', async () => {
    const start = startTestServer({ environment: { SOCKET_SERVER: 'uws' } });
    await expect(start).rejects.toMatchObject({ code: 'CMZ_ERR_TRANSPORT_UNAVAILABLE' });
    await expect(start).rejects.toThrow(/"uWebSockets\.js" is not installed.*SOCKET_SERVER=node/);
  });

  it('names an old glibc as the cause when the native binary does not load', async () => {
    await expect(loadUwsModule(brokenModule)).rejects.toThrow(/needs a newer glibc/);
  });

  it('refuses a module that is not uWebSockets.js', async () => {
    await expect(loadUwsModule('node:path')).rejects.toThrow(/does not export the uWebSockets/);
  });

  it('stops a node process with exit 1 and the coded message', async () => {
    await expect(
      spawnEngineNode({ environment: { SOCKET_SERVER: 'uws' }, startTimeoutMs: 20_000 }),
    ).rejects.toThrow(/CMZ_ERR_TRANSPORT_UNAVAILABLE/);
  });

  it('attaches Socket.IO to the uWS app on its own port, keeping HTTP routes on PORT', async () => {
    const server = await startTestServer({
      environment: { SOCKET_SERVER: 'uws', UWS_MODULE: fakeModule },
    });
    servers.push(server);
    expect(fakeUwsRecord.registrations).toEqual(
      expect.arrayContaining([
        { method: 'any', pattern: '/socket.io/' },
        { method: 'ws', pattern: '/socket.io/' },
      ]),
    );
    const listenSocket = fakeUwsRecord.listenSockets.at(-1);
    expect(server.socketUrl).toBe(`http://127.0.0.1:${listenSocket?.port}`);
    expect(server.socketUrl).not.toBe(server.url);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.close();
    expect(listenSocket?.closed).toBe(true);
  });

  it('reports a port uWS could not listen on', async () => {
    const io = new Server() as EngineServer;
    const uws = await loadUwsModule(fakeModule);
    await expect(
      startUwsTransport(io, uws, { host: '127.0.0.1', port: refusedPort }),
    ).rejects.toMatchObject({ code: 'CMZ_ERR_TRANSPORT_UNAVAILABLE' });
    await io.close();
  });
});
