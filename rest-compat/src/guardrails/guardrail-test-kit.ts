/**
 * Helpers for the guardrail tests: servers that are closed after the file, a visitor asking an
 * animal one question over Socket.IO, and bodies for new guardrails.
 *
 * @module
 */
import { expect } from 'vitest';
import { useRestServers } from '../testing/rest-servers.ts';
import { askOverSocket } from '../testing/socket-question.ts';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';

const servers = useRestServers();

/**
 * Registers a cleanup run after the test file.
 *
 * @example
 * ```ts
 * onCleanup(() => fake.close());
 * ```
 */
export const onCleanup = servers.onCleanup;

/**
 * Starts the product with the REST layer; closed after the file.
 *
 * @example
 * ```ts
 * const rest = await startedServer();
 * ```
 */
export const startedServer = servers.started;

/**
 * Starts a Redis and a DynamoDB for several nodes; returns their environment.
 *
 * @example
 * ```ts
 * const environment = await sharedStores();
 * ```
 */
export const sharedStores = servers.sharedStores;

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
  const { ok, sent, reply } = await askOverSocket(rest, animalId, text);
  if (!ok) return { text: '', errorCode: sent.code };
  expect(reply.error).toBeUndefined();
  return { text: reply.deltas.map((delta) => delta.text).join('') };
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
