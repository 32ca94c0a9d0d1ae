/**
 * Helpers of the room integration tests: servers whose bearer tokens are `<role>:<visitorId>`
 * (no REST layer needed), typed room requests and event waiting.
 *
 * @module
 */
import type { Plugin, Visitor } from '../plugins/plugin-types.ts';
import type { ErrorAck } from '../protocol/events.ts';
import type { RunningServer, ServerExtension } from '../server/start-server.ts';
import { connectClient, request, type EngineClient } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';

const roles = new Set(['visitor', 'student', 'parent', 'educator', 'zookeeper', 'admin']);

/** Accepts `educator:v_teacher` style tokens: the role and the visitor id. */
const testTokens: ServerExtension = () =>
  Promise.resolve({
    authenticateToken: (token: string) => {
      const [role, visitorId] = token.split(':');
      return Promise.resolve(
        role !== undefined && visitorId !== undefined && roles.has(role)
          ? ({ visitorId, role } as Visitor)
          : null,
      );
    },
  });

/**
 * Starts a test node that knows the test tokens.
 *
 * @example
 * ```ts
 * const node = await startRoomNode({ REDIS_URL: redis.url });
 * ```
 */
export function startRoomNode(
  environment: Record<string, string> = {},
  plugins: Plugin[] = [],
): Promise<RunningServer> {
  return startTestServer({ extensions: [testTokens], environment, plugins });
}

/** Every socket the tests opened, to close after each test. */
export const openSockets: EngineClient[] = [];

/**
 * Connects as a guest (no token) or as a signed-in role.
 *
 * @example
 * ```ts
 * const teacher = await connectAs(node, 'educator:v_teacher');
 * ```
 */
export async function connectAs(node: RunningServer, token?: string): Promise<EngineClient> {
  const { socket } = await connectClient(node.url, token ? { token } : {});
  openSockets.push(socket);
  return socket;
}

/**
 * A successful acknowledgement, or a failed test naming the error code.
 *
 * @example
 * ```ts
 * const opened = ok(await request(teacher, 'school:open', { animalId: 'bella' }));
 * ```
 */
export function ok<T extends { ok: boolean }>(ack: T | ErrorAck): Exclude<T, ErrorAck> {
  if (!ack.ok) throw new Error(`expected ok, got ${(ack as ErrorAck).code}`);
  return ack as Exclude<T, ErrorAck>;
}

/**
 * The code of a failed acknowledgement (undefined when it succeeded).
 *
 * @example
 * ```ts
 * expect(codeOf(await request(visitor, 'school:open', { animalId: 'bella' }))).toBe('CMZ_ERR_ROOM_FORBIDDEN');
 * ```
 */
export function codeOf(ack: { ok: boolean } | ErrorAck): string | undefined {
  return ack.ok ? undefined : (ack as ErrorAck).code;
}

/**
 * Resolves when `condition` holds (polling), or fails after `timeoutMs`.
 *
 * @example
 * ```ts
 * await until(() => seen.length === 3);
 * ```
 */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export { request };
