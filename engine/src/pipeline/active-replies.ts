/**
 * Replies being generated on this node: their abort controllers (for `reply:abort`) and the text
 * streamed so far (so a second tab joining mid-reply sees it at once).
 *
 * @module
 */
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
      if (reply.conversationId === conversationId) {
        return { replyId: reply.replyId, text: reply.text, seq: reply.seq };
      }
    }
    return undefined;
  }

  /** Every reply in flight (for draining on shutdown). */
  all(): ActiveReply[] {
    return [...this.#byId.values()];
  }
}
