/**
 * Keeps this node alive in the journal (a heartbeat key with a short TTL, renewed every
 * `heartbeatMs`) and sweeps for dead nodes (every `sweepMs`): the replies of a node whose
 * heartbeat expired are claimed atomically, so exactly one surviving node ends each of them.
 *
 * @module
 */
import { EngineError, toPublicError } from '../errors/engine-error.ts';
import type { OrphanedReply, ReplyJournal } from '../session/reply-journal.ts';
import type { Logger } from '../telemetry/logger.ts';

/** Options of {@link startNodeMembership}. */
export interface NodeMembershipOptions {
  nodeId: string;
  journal: ReplyJournal;
  /** How often the heartbeat is renewed. @default 1000 */
  heartbeatMs?: number;
  /** How long a heartbeat lasts: a node silent for this long is dead. @default 3000 */
  nodeTtlMs?: number;
  /** How often to look for dead nodes. @default 1000 */
  sweepMs?: number;
  /** Ends one orphaned reply (store its partial text, tell the room). */
  onOrphan: (reply: OrphanedReply) => Promise<void>;
  logger: Logger;
}

/** A running membership. */
export interface NodeMembership {
  /** Runs one sweep now (tests, and the timer). */
  sweep(): Promise<void>;
  /** Stops the timers and removes the heartbeat (a graceful stop is not a death). */
  stop(): Promise<void>;
}

/**
 * Writes the first heartbeat, then starts the heartbeat and sweep timers (unref'd).
 *
 * @example
 * ```ts
 * const membership = await startNodeMembership({ nodeId, journal, onOrphan, logger });
 * await membership.stop();
 * ```
 */
export async function startNodeMembership(options: NodeMembershipOptions): Promise<NodeMembership> {
  const { journal, nodeId, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const nodeTtlMs = options.nodeTtlMs ?? 3000;
  const beat = () =>
    journal.heartbeat(nodeId, nodeTtlMs).catch((error: unknown) => {
      logger.warn({ err: error, nodeId, operation: 'heartbeat' }, 'heartbeat failed');
    });
  await beat();
  let sweeping: Promise<void> | undefined;
  const lost = toPublicError(new EngineError('CMZ_ERR_REPLY_NODE_LOST'));
  const sweepOnce = async () => {
    const orphans = await journal.claimOrphans(
      { code: lost.code, message: lost.message, temporary: lost.temporary },
      nodeId,
    );
    for (const orphan of orphans) {
      logger.warn(
        { operation: 'reply-failover', replyId: orphan.replyId, code: lost.code },
        'reply of a lost node ended',
      );
      await options.onOrphan(orphan).catch((error: unknown) => {
        logger.error({ err: error, replyId: orphan.replyId }, 'ending an orphaned reply failed');
      });
    }
  };
  // Sweeps never overlap: a slow one (Redis trouble) is simply skipped by the next tick.
  const sweep = () =>
    (sweeping ??= sweepOnce()
      .catch((error: unknown) => {
        logger.warn({ err: error, nodeId, operation: 'sweep' }, 'sweep failed');
      })
      .finally(() => {
        sweeping = undefined;
      }));
  const heartbeatTimer = setInterval(() => void beat(), heartbeatMs);
  const sweepTimer = setInterval(() => void sweep(), options.sweepMs ?? 1000);
  heartbeatTimer.unref();
  sweepTimer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(heartbeatTimer);
      clearInterval(sweepTimer);
      await sweeping;
      await journal.leave(nodeId).catch(() => undefined);
    },
  };
}
