/**
 * The worked example of docs/plugins.md: "fun fact of the day". The animal weaves the day's fact
 * into its first answer of the day in each conversation (a hook), visitors can like the fact (a
 * client event that broadcasts to the conversation), and `GET /api/plugins/fun-fact/today` shows
 * the fact and today's likes (a route). Likes live in the plugin's state, shared by every node.
 *
 * @module
 */
import { EngineError, definePlugin, definePluginEvent } from '@cmz/engine';
import type { Ack, PluginAck } from '@cmz/engine/protocol';
import { z } from 'zod';

const optionsSchema = z.object({
  /** One fact per day, in turn. */
  facts: z.array(z.string().min(1).max(300)).min(1),
});

const likePayloadSchema = z.object({ conversationId: z.string().min(1).max(100) });

/** The `data` of a successful `fun-fact:like` acknowledgement. */
export interface FunFactLikeReply {
  fact: string;
  likes: number;
}

// Types the events for the web client: `socket.emit('fun-fact:like', ...)` and
// `socket.on('fun-fact:liked', ...)`.
declare module '@cmz/engine/protocol' {
  interface PluginClientEvents {
    'fun-fact:like': (
      payload: z.input<typeof likePayloadSchema>,
      ack: (response: Ack<PluginAck<FunFactLikeReply>>) => void,
    ) => void;
  }
  interface PluginServerEvents {
    'fun-fact:liked': (event: { conversationId: string; likes: number }) => void;
  }
}

const dayMs = 86_400_000;

function dayKey(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function factOfTheDay(facts: readonly string[], now: Date): string {
  return facts[Math.floor(now.getTime() / dayMs) % facts.length] ?? '';
}

/** What one version hands to the next on reload. */
const handOverSchema = z.object({ day: z.string(), conversations: z.array(z.string()) });

/**
 * Creates the plugin from its configured options (`{ "facts": ["...", "..."] }`).
 *
 * @example
 * ```ts
 * const plugin = createFunFactPlugin({ facts: ['Cougars can jump 18 feet straight up.'] });
 * ```
 */
export default function createFunFactPlugin(options: Record<string, unknown> = {}) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: [`plugin "fun-fact": ${parsed.error.issues[0]?.message ?? 'invalid options'}`],
      details: { plugin: 'fun-fact', pluginCode: 'CMZ_ERR_FUN_FACT_INVALID_OPTIONS' },
    });
  }
  const { facts } = parsed.data;
  // Conversations that already heard today's fact. In memory on this node only: it is a nicety,
  // not a guarantee, so it does not need the shared state store; a reload hands it over.
  let told = { day: dayKey(new Date()), conversations: new Set<string>() };

  return definePlugin({
    name: 'fun-fact',
    version: '1.0.0',
    engine: '^0.1.0',
    setup(context) {
      context.log('info', 'fun facts ready', { facts: facts.length });
      const forgetYesterday = setInterval(() => {
        if (told.day !== dayKey(new Date()))
          told = { day: dayKey(new Date()), conversations: new Set() };
      }, 60_000);
      forgetYesterday.unref();
      // Without this the outgoing version's timer would keep running after every reload.
      return () => clearInterval(forgetYesterday);
    },
    hooks: {
      transformPrompt: {
        // After other plugins, so the fact is the last instruction the animal reads.
        order: 'post',
        handler(prompt, context) {
          if (told.conversations.has(context.conversation.id)) return;
          told.conversations.add(context.conversation.id);
          const fact = factOfTheDay(facts, new Date());
          return {
            ...prompt,
            system: [
              ...prompt.system,
              `If it fits, share today's fun fact in your own words: ${fact}`,
            ],
          };
        },
      },
    },
    events: {
      like: definePluginEvent(
        likePayloadSchema,
        async (payload, context): Promise<FunFactLikeReply> => {
          if (context.joined(payload.conversationId) === undefined) {
            throw new EngineError('CMZ_ERR_SESSION_NOT_JOINED', {
              details: { plugin: 'fun-fact', pluginCode: 'CMZ_ERR_FUN_FACT_NOT_JOINED' },
            });
          }
          const key = `likes:${dayKey(new Date())}`;
          // Read then write is not atomic across nodes: fine for a like counter, not for money.
          const likes = ((await context.state.get<number>(key)) ?? 0) + 1;
          await context.state.set(key, likes, { ttlSeconds: 7 * 86_400 });
          context.emitToConversation(payload.conversationId, 'fun-fact:liked', {
            conversationId: payload.conversationId,
            likes,
          });
          return { fact: factOfTheDay(facts, new Date()), likes };
        },
      ),
    },
    routes(router, context) {
      router.get('/today', async (_request, response) => {
        const now = new Date();
        const likes = (await context.state.get<number>(`likes:${dayKey(now)}`)) ?? 0;
        response.json({ day: dayKey(now), fact: factOfTheDay(facts, now), likes });
      });
    },
    web: {
      title: 'Fun fact of the day',
      component: '@cmz/plugin-fun-fact/web/fun-fact-card.svelte',
    },
    exportState: () => ({ day: told.day, conversations: [...told.conversations] }),
    migrate(previousState) {
      const handOver = handOverSchema.safeParse(previousState);
      if (handOver.success && handOver.data.day === told.day)
        told = { day: told.day, conversations: new Set(handOver.data.conversations) };
    },
  });
}
