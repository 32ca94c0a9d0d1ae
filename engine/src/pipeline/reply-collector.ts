/**
 * A reply sink that records one reply's events and resolves when it ends, for tests and for the
 * REST layer's collected (non-streaming) responses.
 *
 * @module
 */
import type { ReplySink } from './reply-sink.ts';
import type {
  MessageNewEvent,
  ReplyDeltaEvent,
  ReplyEndEvent,
  ReplyErrorEvent,
  ReplyStartEvent,
} from '../protocol/events.ts';

/** Everything one reply produced. */
export interface CollectedReply {
  messages: MessageNewEvent[];
  start?: ReplyStartEvent;
  deltas: ReplyDeltaEvent[];
  end?: ReplyEndEvent;
  error?: ReplyErrorEvent;
  /** The concatenated delta text. */
  text: string;
}

/**
 * Creates a collector; `finished` resolves after `reply:end` or `reply:error`.
 *
 * @example
 * ```ts
 * const collector = createReplyCollector();
 * await runner.send({ ...input, extraSink: collector.sink });
 * const reply = await collector.finished;
 * ```
 */
export function createReplyCollector(): {
  sink: ReplySink;
  finished: Promise<CollectedReply>;
  reply: CollectedReply;
} {
  const reply: CollectedReply = { messages: [], deltas: [], text: '' };
  let finish: (value: CollectedReply) => void = () => {};
  const finished = new Promise<CollectedReply>((resolve) => {
    finish = resolve;
  });
  const sink: ReplySink = {
    messageNew: (event) => reply.messages.push(event),
    start: (event) => {
      reply.start = event;
    },
    delta: (event) => {
      reply.deltas.push(event);
      reply.text += event.text;
    },
    end: (event) => {
      reply.end = event;
      finish(reply);
    },
    error: (event) => {
      reply.error = event;
      finish(reply);
    },
  };
  return { sink, finished, reply };
}
