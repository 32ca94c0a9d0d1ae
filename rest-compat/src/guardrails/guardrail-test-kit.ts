/**
 * Helpers for the guardrail tests: servers that are closed after the file, a visitor asking an
 * animal one question over Socket.IO, and bodies for new guardrails.
 *
 * @module
 */
import { afterAll, expect } from 'vitest';
import type { ErrorAck, JoinAck, SendAck } from '@cmz/engine/protocol';
import type { LlmModel } from '@cmz/engine';
import {
  connectClient,
  observeReplies,
  request,
} from '../../../engine/src/testing/socket-client.ts';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * Registers a cleanup run after the test file.
 *
 * @example
 * ```ts
 * onCleanup(() => redis.stop());
 * ```
 */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/**
 * Starts the product with the REST layer; closed after the file.
 *
 * @example
 * ```ts
 * const rest = await startedServer();
 * ```
 */
export async function startedServer(
  options: { model?: LlmModel; environment?: Record<string, string> } = {},
): Promise<RestTestServer> {
  const rest = await startRestTestServer(options);
  onCleanup(() => rest.close());
  return rest;
}

/** What a visitor received for one question: the streamed text, or the refusal's code. */
export interface VisitorAnswer {
  text: string;
  errorCode?: string;
}

/**
 * Asks `animalId` one question as a new guest and waits for the whole reply.
 *
 * @example
 * ```ts
 * const answer = await askAnimal(rest, 'leo', 'What do you eat?');
 * answer.text; // 'Rrrroar! I'm a carnivore…'
 * ```
 */
export async function askAnimal(
  rest: RestTestServer,
  animalId: string,
  text: string,
): Promise<VisitorAnswer> {
  const { socket } = await connectClient(rest.server.url);
  try {
    const observer = observeReplies(socket);
    const join = (await request(socket, 'conversation:join', { animalId })) as JoinAck;
    const sent = (await request(socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: `guardrail-${crypto.randomUUID()}`,
      text,
    })) as SendAck | ErrorAck;
    if (!sent.ok) return { text: '', errorCode: sent.code };
    const reply = await observer.waitFor(sent.replyId);
    expect(reply.error).toBeUndefined();
    return { text: reply.deltas.map((delta) => delta.text).join('') };
  } finally {
    socket.close();
  }
}

/**
 * A valid `GuardrailInput` body with `overrides`.
 *
 * @example
 * ```ts
 * await rest.call('POST', '/guardrails', { token, body: ruleBody({ isGlobal: true }) });
 * ```
 */
export function ruleBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'No zebra talk',
    type: 'NEVER',
    rule: 'Never talk about zebras.',
    keywords: ['zebras'],
    priority: 70,
    ...overrides,
  };
}

/**
 * A valid `CreateGuardrailRequest` body with `overrides`.
 *
 * @example
 * ```ts
 * await rest.call('POST', '/guardrail', { token, body: textBody({ isDefault: true }) });
 * ```
 */
export function textBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Gentle tone',
    description: 'How every animal speaks',
    guardrailText:
      'Speak gently and patiently, praise every question, and never make a child feel silly.',
    category: 'TONE',
    ...overrides,
  };
}
