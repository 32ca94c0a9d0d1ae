/**
 * `GET`/`PATCH /feature_flags`: the global flags as the spec's `FeatureFlagsDocument`
 * (`{flags: {<name>: {enabled, rollout}}, modified?, softDelete}`).
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type {
  FeatureFlagDocument,
  FeatureFlagPatch,
} from '../persistence/feature-flag-repository.ts';
import type { Repositories } from '../persistence/repositories.ts';
import { actorOf, bodyObject } from './operation-support.ts';
import { withPersistenceErrors } from './persistence-error-mapping.ts';

/**
 * Creates the feature-flag handlers.
 *
 * @example
 * ```ts
 * const handlers = createFeatureFlagOperations({ repositories });
 * ```
 */
export function createFeatureFlagOperations(dependencies: {
  repositories: Repositories;
}): OperationHandlers {
  const { featureFlags } = dependencies.repositories;
  return withPersistenceErrors({
    feature_flags_get: async () => ({
      status: 200,
      body: toFlagsResponse(await featureFlags.get()),
    }),
    feature_flags_patch: async ({ body, principal }) => {
      const patch = (bodyObject(body).flags ?? {}) as FeatureFlagPatch;
      try {
        return {
          status: 200,
          body: toFlagsResponse(await featureFlags.patch(patch, actorOf(principal))),
        };
      } catch (error) {
        if (error instanceof RangeError) throw restErrors.badRequest(error.message);
        throw error;
      }
    },
  });
}

function toFlagsResponse(document: FeatureFlagDocument): Record<string, unknown> {
  return {
    flags: document.flags,
    ...(document.modified === undefined ? {} : { modified: document.modified }),
    softDelete: false,
  };
}
