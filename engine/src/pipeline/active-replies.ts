/**
 * Replies being generated on this node: their abort controllers (for `reply:abort`) and the text
 * streamed so far (so a second tab joining mid-reply sees it at once).
 *
 * @module
 */
import type { HookTable } from '../plugins/hook-table.ts';
import type { ActiveReplySnapshot } from '../protocol/events.ts';

/** One reply in flight. */
export interface ActiveReply {
  replyId: string;
  conversationId: string;
  visitorId: string;
  controller: AbortController;
  text: string;
  seq: number;
  /** Settles when the reply has ended and been stored. */
  done: Promise<void>;
  /** The hook table the reply captured when its message entered the pipeline. */
  table: HookTable;
  /** True once `reply:end` or `reply:error` went out (notifications may still be running). */
  ended?: boolean;
  /** True once another node claimed the reply (this node was presumed dead): it must not end it. */
  orphaned?: boolean;
}

/**
 * Registry of in-flight replies on this node.
 *
 * @example
 * ```ts
 * const replies = new ActiveReplies();
 * replies.add(reply);
 * replies.snapshotFor(conversationId); // { replyId, text, seq } or undefined
 * ```
 */
export class ActiveReplies {
  readonly #byId = new Map<string, ActiveReply>();

  add(reply: ActiveReply): void {
    this.#byId.set(reply.replyId, reply);
  }

  get(replyId: string): ActiveReply | undefined {
    return this.#byId.get(replyId);
  }

  remove(replyId: string): void {
    this.#byId.delete(replyId);
  }

  /** The reply currently streaming in a conversation, if any. */
  snapshotFor(conversationId: string): ActiveReplySnapshot | undefined {
    for (const reply of this.#byId.values()) {
      if (reply.conversationId === conversationId && reply.ended !== true) {
        return { replyId: reply.replyId, text: reply.text, seq: reply.seq };
      }
    }
    return undefined;
  }

  /** Resolves when every reply that captured `table` has ended, or after `timeoutMs`. */
  async settledFor(table: HookTable, timeoutMs: number): Promise<void> {
    const pending = this.all()
      .filter((reply) => reply.table === table)
      .map((reply) => reply.done);
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(pending), timeout]);
    clearTimeout(timer);
  }

  /** Every reply in flight (for draining on shutdown). */
  all(): ActiveReply[] {
    return [...this.#byId.values()];
  }
}
