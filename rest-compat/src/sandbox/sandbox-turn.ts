/**
 * One sandbox chat turn through the engine's real pipeline (plugins, model, safety, knowledge)
 * with the draft persona. The conversation belongs to the sandbox (its visitor id is the
 * sandbox id), so a keeper's test chat never mixes with their own conversations, and visitors
 * never see it: nothing outside this call knows the draft.
 *
 * @module
 */
import {
  createReplyCollector,
  newId,
  type AnimalPersona,
  type CollectedReply,
  type ConversationRecord,
  type Engine,
} from '@cmz/engine';
import type { ConversationStoreLike } from '../conversation/conversation-turns.ts';
import type { RestPrincipal } from '../http/operation-types.ts';
import { RestError, restErrors } from '../http/rest-error.ts';

/** One test message. */
export interface SandboxTurnInput {
  sandboxId: string;
  principal: RestPrincipal;
  persona: AnimalPersona;
  message: string;
  /** Continue this conversation (it must be the sandbox's, with the same animal). */
  conversationId?: string | undefined;
}

/** The finished turn. */
export interface SandboxTurn {
  conversationId: string;
  reply: CollectedReply;
  responseTimeMs: number;
}

/**
 * Creates the runner.
 *
 * @example
 * ```ts
 * const turns = createSandboxTurns({ engine, store: stores.store });
 * const turn = await turns.run({ sandboxId, principal, persona, message: 'Hello!' });
 * ```
 */
export function createSandboxTurns(options: { engine: Engine; store: ConversationStoreLike }) {
  const conversationFor = async (input: SandboxTurnInput): Promise<ConversationRecord> => {
    if (input.conversationId !== undefined) {
      const existing = await options.store.getConversation(input.conversationId);
      if (
        existing === null ||
        existing.visitorId !== input.sandboxId ||
        existing.animalId !== input.persona.id
      ) {
        throw restErrors.notFound('Sandbox conversation not found', {
          conversationId: input.conversationId,
        });
      }
      return existing;
    }
    return options.store.getOrCreateConversation({
      visitorId: input.sandboxId,
      animalId: input.persona.id,
      locale: 'en',
    });
  };
  return {
    async run(input: SandboxTurnInput): Promise<SandboxTurn> {
      const started = performance.now();
      const conversation = await conversationFor(input);
      const collector = createReplyCollector();
      const ack = await options.engine.replies.send({
        visitor: { visitorId: input.sandboxId, role: input.principal.role },
        conversation,
        animal: input.persona,
        locale: conversation.locale,
        clientMessageId: newId('sandbox'),
        text: input.message,
        extraSink: collector.sink,
      });
      const reply = await collector.finished;
      await options.engine.replies.active.get(ack.replyId)?.done;
      if (reply.error !== undefined) {
        const { temporary } = reply.error;
        throw new RestError(
          temporary ? 503 : 500,
          temporary ? 'service_unavailable' : 'internal_error',
          reply.error.message,
          { engineCode: reply.error.code, temporary, conversationId: conversation.id },
        );
      }
      return {
        conversationId: conversation.id,
        reply,
        responseTimeMs: performance.now() - started,
      };
    },
  };
}
