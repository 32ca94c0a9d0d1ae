/**
 * `@cmz/engine/protocol`: the wire protocol's types, shared with the web app.
 *
 * @module
 */
export { PROTOCOL_VERSION, REACTION_EMOJIS } from './events.ts';
export type * from './events.ts';
export type * from './room-events.ts';
