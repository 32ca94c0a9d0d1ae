/**
 * The `zz-scaffold-try` plugin: adds a line to the animal's system prompt, answers the client event
 * `zz-scaffold-try:hello` and serves `GET /api/plugins/zz-scaffold-try/hello`.
 *
 * @module
 */
import { definePlugin, definePluginEvent } from '@cmz/engine';
import type { Ack, PluginAck } from '@cmz/engine/protocol';
import { z } from 'zod';
import manifest from '../package.json' with { type: 'json' };
import { zzScaffoldTryError } from './errors.ts';

/** Options the deployment sets for this plugin in `plugins.config.json`. */
const optionsSchema = z.object({
  /** A line added to the animal's system prompt on every message. */
  promptLine: z.string().min(1).max(500).default('Mention one thing you like about the zoo.'),
});

/** The options of the `zz-scaffold-try` plugin. */
export type ZzScaffoldTryOptions = z.input<typeof optionsSchema>;

const helloPayloadSchema = z.object({ conversationId: z.string().min(1).max(100) });

/** The payload of the client event `zz-scaffold-try:hello`. */
export type ZzScaffoldTryHelloPayload = z.input<typeof helloPayloadSchema>;

/** The `data` of a successful `zz-scaffold-try:hello` acknowledgement. */
export interface ZzScaffoldTryHelloReply {
  animalName: string;
  greetings: number;
}

// Types `socket.emit('zz-scaffold-try:hello', ...)` in the web client, payload and acknowledgement.
declare module '@cmz/engine/protocol' {
  interface PluginClientEvents {
    'zz-scaffold-try:hello': (
      payload: ZzScaffoldTryHelloPayload,
      ack: (response: Ack<PluginAck<ZzScaffoldTryHelloReply>>) => void,
    ) => void;
  }
}

/**
 * Creates the plugin from the options the deployment configured.
 *
 * @example
 * ```ts
 * const testEngine = await createTestEngine({ plugins: [createPlugin({ promptLine: 'Be brief.' })] });
 * ```
 */
export default function createPlugin(options: Record<string, unknown> = {}) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw zzScaffoldTryError('INVALID_OPTIONS', [
      `plugin "zz-scaffold-try" option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    ]);
  }
  const { promptLine } = parsed.data;
  return definePlugin({
    name: 'zz-scaffold-try',
    version: manifest.version,
    engine: '^0.1.0',
    setup(context) {
      context.log('info', 'zz-scaffold-try plugin ready', { promptLine });
      // Undo here whatever setup started (timers, connections): it runs on unload and reload.
      return () => context.log('info', 'zz-scaffold-try plugin stopped');
    },
    hooks: {
      // Runs after the core plugins have built the persona, history and facts sections.
      transformPrompt: (prompt) => ({ ...prompt, system: [...prompt.system, promptLine] }),
    },
    events: {
      // `zz-scaffold-try:hello`: the engine validates the payload with the schema before calling this.
      hello: definePluginEvent(
        helloPayloadSchema,
        async (payload, context): Promise<ZzScaffoldTryHelloReply> => {
          const joined = context.joined(payload.conversationId);
          if (joined === undefined) throw zzScaffoldTryError('NOT_JOINED');
          const greetings = ((await context.state.get<number>('greetings')) ?? 0) + 1;
          await context.state.set('greetings', greetings);
          return { animalName: joined.animal.name, greetings };
        },
      ),
    },
    routes(router, context) {
      router.get('/hello', async (_request, response) => {
        const greetings = (await context.state.get<number>('greetings')) ?? 0;
        response.json({ plugin: 'zz-scaffold-try', version: manifest.version, greetings });
      });
    },
  });
}
