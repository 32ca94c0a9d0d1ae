/**
 * `POST|GET /sandbox`, `GET|DELETE /sandbox/{id}`, `POST /sandbox/{id}/chat`,
 * `POST /sandbox/{id}/promote`: a zookeeper drafts an animal's configuration, chats with the
 * draft through the real pipeline (visitors are unaffected, see `draft-persona.ts`), then
 * promotes it: the animal's live assistant is created or changed as a new version (kind
 * `promotion`, naming the sandbox, with the field diff), which `POST /api/assistant/{id}/rollback`
 * can undo. An expired sandbox answers 410.
 *
 * @module
 */
import { z } from 'zod';
import type { AnimalCatalog } from '@cmz/engine';
import {
  buildConfig,
  referenceId,
  type ConfigSources,
} from '../assistants/assistant-config-builder.ts';
import { toAssistantResponse } from '../assistants/assistant-response.ts';
import { parseInput, pathId } from '../assistants/input-validation.ts';
import type { OperationHandlers } from '../http/operation-types.ts';
import { RestError, restErrors } from '../http/rest-error.ts';
import { actorOf, requirePrincipal } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { AssistantRepository } from '../persistence/assistant-repository.ts';
import type { SandboxRecord, SandboxRepository } from '../persistence/sandbox-repository.ts';
import { draftPersona } from './draft-persona.ts';
import { isExpired, toSandboxResponse } from './sandbox-response.ts';
import type { createSandboxTurns } from './sandbox-turn.ts';

const createSchema = z.object({
  animalId: referenceId.optional(),
  personalityId: referenceId,
  guardrailId: referenceId,
  knowledgeBaseFileIds: z.array(referenceId).max(10).optional(),
});
const chatSchema = z.object({
  message: z.string().trim().min(1).max(1000),
  conversationId: z.string().min(1).max(200).optional(),
});
const promoteSchema = z.object({ animalId: referenceId });

/** What the sandbox handlers need. */
export interface SandboxDependencies extends ConfigSources {
  sandboxes: SandboxRepository;
  assistants: AssistantRepository;
  /** The live personas (read only: drafts never go in). */
  animals: AnimalCatalog;
  turns: ReturnType<typeof createSandboxTurns>;
  /** How long a sandbox lives. @default 30 minutes */
  lifetimeMs: number;
  onAssistantChanged: (animalId: string) => Promise<void>;
  clock?: () => Date;
}

/**
 * Creates the sandbox handlers.
 *
 * @example
 * ```ts
 * const handlers = createSandboxOperations({ sandboxes, assistants, animals, turns, lifetimeMs, … });
 * ```
 */
export function createSandboxOperations(dependencies: SandboxDependencies): OperationHandlers {
  const { sandboxes, assistants } = dependencies;
  const now = dependencies.clock ?? (() => new Date());
  const existing = async (sandboxId: string | undefined): Promise<SandboxRecord> => {
    const sandbox = await sandboxes.get(pathId(sandboxId, 'Sandbox'));
    if (sandbox === undefined) throw restErrors.notFound('Sandbox not found');
    return sandbox;
  };
  const usable = async (sandboxId: string | undefined): Promise<SandboxRecord> => {
    const sandbox = await existing(sandboxId);
    if (isExpired(sandbox, now())) {
      throw new RestError(410, 'sandbox_expired', 'This sandbox has expired: create a new one', {
        sandboxId: sandbox.sandboxId,
        expiresAt: sandbox.expiresAt,
      });
    }
    return sandbox;
  };
  return withPersistenceErrors({
    sandbox_create_post: async ({ body, principal }) => {
      const caller = requirePrincipal(principal);
      const input = parseInput(createSchema, body, 'The sandbox');
      const config = await buildConfig(dependencies, {
        animalId: input.animalId ?? null,
        personalityId: input.personalityId,
        guardrailId: input.guardrailId,
        knowledgeBaseFileIds: input.knowledgeBaseFileIds ?? [],
        status: 'ACTIVE',
      });
      const created = await sandboxes.create(
        {
          animalId: input.animalId ?? null,
          personalityId: config.personalityId,
          personalityName: config.personalityName,
          personalityText: config.personalityText,
          guardrailId: config.guardrailId,
          knowledgeBaseFileIds: config.knowledgeBaseFileIds,
          mergedPrompt: config.mergedPrompt,
        },
        caller.userId,
        dependencies.lifetimeMs,
        actorOf(principal),
      );
      return { status: 201, body: toSandboxResponse(created) };
    },
    sandbox_list_get: async ({ principal }) => {
      const caller = requirePrincipal(principal);
      const listed = (await sandboxes.listByCreator(caller.userId)).filter(
        (sandbox) => !isExpired(sandbox, now()),
      );
      return {
        status: 200,
        body: { sandboxes: listed.map(toSandboxResponse), total: listed.length },
      };
    },
    sandbox_get: async ({ params }) => ({
      status: 200,
      body: toSandboxResponse(await usable(params.sandboxId)),
    }),
    sandbox_delete: async ({ params, principal }) => {
      const sandbox = await existing(params.sandboxId);
      await sandboxes.delete(sandbox.sandboxId, actorOf(principal));
      return { status: 204 };
    },
    sandbox_chat_post: async ({ params, body, principal }) => {
      const caller = requirePrincipal(principal);
      const sandbox = await usable(params.sandboxId);
      const input = parseInput(chatSchema, body, 'The chat message');
      const live =
        sandbox.animalId === null ? undefined : dependencies.animals.get(sandbox.animalId);
      const turn = await dependencies.turns.run({
        sandboxId: sandbox.sandboxId,
        principal: caller,
        persona: draftPersona(sandbox, live),
        message: input.message,
        conversationId: input.conversationId,
      });
      await sandboxes.recordConversation(sandbox.sandboxId);
      const usage = turn.reply.end?.usage;
      return {
        status: 200,
        body: {
          response: turn.reply.end?.text ?? turn.reply.text,
          conversationId: turn.conversationId,
          responseTime: Math.round(turn.responseTimeMs),
          promptTokens: usage?.promptTokens ?? 0,
          completionTokens: usage?.completionTokens ?? 0,
        },
      };
    },
    sandbox_promote_post: async ({ params, body, principal }) => {
      const sandbox = await usable(params.sandboxId);
      const input = parseInput(promoteSchema, body, 'The promotion');
      if (sandbox.isPromoted) {
        throw restErrors.conflict('This sandbox was promoted already', {
          sandboxId: sandbox.sandboxId,
          promotedAt: sandbox.promotedAt,
        });
      }
      // The text promoted is the text tested: the sandbox's snapshot, not the stored personality.
      const config = await buildConfig(dependencies, {
        animalId: input.animalId,
        personalityId: sandbox.personalityId,
        guardrailId: sandbox.guardrailId,
        knowledgeBaseFileIds: sandbox.knowledgeBaseFileIds,
        status: 'ACTIVE',
        personalitySnapshot: { name: sandbox.personalityName, text: sandbox.personalityText },
      });
      const note = { kind: 'promotion' as const, sandboxId: sandbox.sandboxId };
      const actor = actorOf(principal);
      const live = await assistants.findForAnimal(input.animalId);
      const promoted =
        live === undefined
          ? await assistants.create(input.animalId, config, note, actor)
          : await assistants.change(live.assistantId, live.version, config, note, actor);
      await sandboxes.markPromoted(sandbox.sandboxId, {
        assistantId: promoted.assistantId,
        version: promoted.version,
      });
      await dependencies.onAssistantChanged(input.animalId);
      return { status: 200, body: toAssistantResponse(promoted) };
    },
  });
}
