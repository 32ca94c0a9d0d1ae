/**
 * Where a reply's events go. The Socket.IO transport fans them out to a conversation room; the
 * REST layer collects them into one response or an SSE stream. Both get the same events.
 *
 * @module
 */
import type {
  MessageNewEvent,
  ReplyDeltaEvent,
  ReplyEndEvent,
  ReplyErrorEvent,
  ReplyStartEvent,
} from '../protocol/events.ts';

/**
 * Receives the events of replies in one conversation.
 *
 * @example
 * ```ts
 * const sink: ReplySink = { messageNew() {}, start() {}, delta: (event) => out.push(event.text), end() {}, error() {} };
 * ```
 */
export interface ReplySink {
  messageNew(event: MessageNewEvent): void;
  start(event: ReplyStartEvent): void;
  delta(event: ReplyDeltaEvent): void;
  end(event: ReplyEndEvent): void;
  error(event: ReplyErrorEvent): void;
}

/**
 * Sends every event to each of several sinks (e.g. the room and a REST collector).
 *
 * @example
 * ```ts
 * const sink = combineSinks([roomSink, collector]);
 * ```
 */
export function combineSinks(sinks: readonly ReplySink[]): ReplySink {
  return {
    messageNew: (event) => sinks.forEach((sink) => sink.messageNew(event)),
    start: (event) => sinks.forEach((sink) => sink.start(event)),
    delta: (event) => sinks.forEach((sink) => sink.delta(event)),
    end: (event) => sinks.forEach((sink) => sink.end(event)),
    error: (event) => sinks.forEach((sink) => sink.error(event)),
  };
}
