/**
 * Helpers shared by the assistant, sandbox and document tests: a personality body with a marker
 * the scripted model can recognise, a socket question as a visitor, and a multipart upload.
 *
 * @module
 */
import {
  createScriptedModel,
  type ScriptedModel,
} from '../../../engine/src/testing/scripted-model.ts';
import { askOverSocket } from '../testing/socket-question.ts';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';

/**
 * A personality body whose text contains `marker` (and is long enough for the spec's 100).
 *
 * @example
 * ```ts
 * await rest.call('POST', '/personality', { token, body: personalityBody('Sunny', 'SUNNY-LEO') });
 * ```
 */
export function personalityBody(name: string, marker: string): Record<string, unknown> {
  return {
    name,
    description: 'A test personality',
    personalityText:
      `${marker}: a cheerful lion who greets every child warmly, explains the savanna in short ` +
      'sentences, loves naps in the sun and always ends with a friendly question.',
    animalType: 'MAMMAL',
    tone: 'PLAYFUL',
    ageTarget: 'ELEMENTARY',
  };
}

/**
 * A model that answers `persona: <first word of the personality>`, so a reply tells which
 * personality the engine spoke with.
 *
 * @example
 * ```ts
 * const rest = await startRestTestServer({ model: personaEchoModel() });
 * ```
 */
export function personaEchoModel(): ScriptedModel {
  return createScriptedModel((call) => `persona: ${call.animal.personality.split(/[\s:]/)[0]}`);
}

/**
 * Asks `animalId` as a guest over Socket.IO and returns the reply's end event.
 *
 * @example
 * ```ts
 * const end = await askAsVisitor(rest, 'leo', 'What do you eat?');
 * ```
 */
export async function askAsVisitor(rest: RestTestServer, animalId: string, text: string) {
  const { ok, sent, reply } = await askOverSocket(rest, animalId, text);
  if (!ok) throw new Error(`message refused: ${JSON.stringify(sent)}`);
  return reply.end;
}

/**
 * Posts a multipart form with one file (and extra text fields) and returns status and body.
 *
 * @example
 * ```ts
 * await upload(rest, '/animal/leo/documents', token, { name: 'leo.md', bytes, type: 'text/markdown' });
 * ```
 */
export async function upload(
  rest: RestTestServer,
  path: string,
  token: string | undefined,
  file: { name: string; bytes: Uint8Array | string; type?: string; field?: string },
  fields: Record<string, string | string[]> = {},
): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const entry of Array.isArray(value) ? value : [value]) form.append(name, entry);
  }
  const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  form.append(
    file.field ?? 'file',
    new Blob([bytes], { type: file.type ?? 'application/octet-stream' }),
    file.name,
  );
  const response = await fetch(`${rest.api}${path}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
