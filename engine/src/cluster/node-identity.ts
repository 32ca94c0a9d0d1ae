/**
 * Who this engine node is: a random id per process, used for reply ownership in the journal, the
 * heartbeat key and the node's abort channel.
 *
 * Several engines in one process (in-process multi-node tests) must not share an id, so each
 * engine takes one with {@link allocateNodeId}: the first engine of the process gets
 * {@link nodeId}, later ones a fresh id. The engine's own id is `engine.nodeId`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

/**
 * A new random node id (`n_` and 12 hex digits).
 *
 * @example
 * ```ts
 * newNodeId(); // 'n_3f9a0c1b2d4e'
 * ```
 */
export function newNodeId(): string {
  return `n_${randomBytes(6).toString('hex')}`;
}

/**
 * This process's node id (the id of its first engine).
 *
 * @example
 * ```ts
 * logger.info({ nodeId }, 'started');
 * ```
 */
export const nodeId: string = newNodeId();

let processIdTaken = false;

/**
 * The id for a new engine: {@link nodeId} the first time in a process, a fresh id afterwards.
 *
 * @example
 * ```ts
 * const id = allocateNodeId();
 * ```
 */
export function allocateNodeId(): string {
  if (processIdTaken) return newNodeId();
  processIdTaken = true;
  return nodeId;
}
