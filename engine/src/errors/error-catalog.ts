/**
 * The engine's error catalog: every stable `CMZ_ERR_*` code with its message template, HTTP status
 * and whether the failure is temporary (the client may retry the same action).
 *
 * Codes are part of the public contract: never rename or reuse one. `docs/errors.md` lists the same
 * codes and a test fails when the two drift apart.
 *
 * @example
 * ```ts
 * import { errorCatalog } from '@cmz/engine';
 * errorCatalog.CMZ_ERR_RATE_LIMITED.status; // 429
 * ```
 */
export const errorCatalog = {
  // Protocol: what a client sent could not be understood.
  CMZ_ERR_PROTOCOL_UNKNOWN_EVENT: { message: 'Unknown event "%s"', status: 400, temporary: false },
  CMZ_ERR_PROTOCOL_INVALID_PAYLOAD: {
    message: 'Invalid payload for "%s": %s',
    status: 400,
    temporary: false,
  },
  CMZ_ERR_PROTOCOL_VERSION_UNSUPPORTED: {
    message: 'Protocol version %s is not supported; this server speaks %s',
    status: 400,
    temporary: false,
  },
  CMZ_ERR_PROTOCOL_PAYLOAD_TOO_LARGE: {
    message: 'Payload too large',
    status: 413,
    temporary: false,
  },
  // Auth and identity.
  CMZ_ERR_AUTH_INVALID_TOKEN: {
    message: 'The identity token is invalid or expired',
    status: 401,
    temporary: false,
  },
  CMZ_ERR_AUTH_REQUIRED: { message: 'Sign in to do that', status: 401, temporary: false },
  CMZ_ERR_AUTH_INVALID_CREDENTIALS: {
    message: 'Invalid email or password',
    status: 401,
    temporary: false,
  },
  CMZ_ERR_AUTH_RATE_LIMITED: {
    message: 'Too many sign-in attempts: wait a moment and try again',
    status: 429,
    temporary: true,
  },
  CMZ_ERR_AUTH_PASSWORD_POLICY: {
    message: 'The new password does not meet the password policy',
    status: 400,
    temporary: false,
  },
  CMZ_ERR_AUTH_RESET_TOKEN_INVALID: {
    message: 'This password reset link is invalid or has expired',
    status: 400,
    temporary: false,
  },
  CMZ_ERR_AUTH_FORBIDDEN: {
    message: 'This identity may not do that',
    status: 403,
    temporary: false,
  },
  // Sessions and conversations.
  CMZ_ERR_SESSION_NOT_JOINED: {
    message: 'Join the conversation before sending to it',
    status: 409,
    temporary: false,
  },
  CMZ_ERR_SESSION_ANIMAL_NOT_FOUND: {
    message: 'No animal "%s" is available',
    status: 404,
    temporary: false,
  },
  CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND: {
    message: 'Conversation not found',
    status: 404,
    temporary: false,
  },
  CMZ_ERR_SESSION_REPLY_NOT_FOUND: {
    message: 'No reply "%s" is in progress',
    status: 404,
    temporary: false,
  },
  CMZ_ERR_SESSION_MESSAGE_NOT_FOUND: {
    message: 'Message not found',
    status: 404,
    temporary: false,
  },
  // Reactions and share links.
  CMZ_ERR_REACTION_NOT_ALLOWED: {
    message: "Only the animal's messages can get reactions",
    status: 422,
    temporary: false,
  },
  CMZ_ERR_SHARE_NOT_FOUND: {
    message: 'This shared conversation does not exist or is no longer shared',
    status: 404,
    temporary: false,
  },
  // Shared rooms (school sessions, live rooms).
  CMZ_ERR_ROOM_NOT_FOUND: {
    message: 'This room does not exist or has ended',
    status: 404,
    temporary: false,
  },
  CMZ_ERR_ROOM_FULL: { message: 'This room is full', status: 409, temporary: false },
  CMZ_ERR_ROOM_MEMBER_REMOVED: {
    message: 'You were removed from this room',
    status: 403,
    temporary: false,
  },
  CMZ_ERR_ROOM_FORBIDDEN: {
    message: 'Only the host or a moderator of this room may do that',
    status: 403,
    temporary: false,
  },
  CMZ_ERR_ROOM_PAUSED: {
    message: 'The room is paused: questions are closed for now',
    status: 409,
    temporary: true,
  },
  CMZ_ERR_ROOM_NICKNAME_REJECTED: {
    message: 'Please pick another nickname',
    status: 422,
    temporary: false,
  },
  CMZ_ERR_ROOM_QUESTION_NOT_FOUND: {
    message: 'Question not found',
    status: 404,
    temporary: false,
  },
  // Messages.
  CMZ_ERR_MESSAGE_RATE_LIMITED: {
    message: 'Too many messages: wait a moment and try again',
    status: 429,
    temporary: true,
  },
  CMZ_ERR_MESSAGE_TOO_LONG: {
    message: 'Message is longer than %s characters',
    status: 413,
    temporary: false,
  },
  CMZ_ERR_MESSAGE_EMPTY: { message: 'Message is empty', status: 400, temporary: false },
  // Safety.
  CMZ_ERR_SAFETY_INPUT_BLOCKED: {
    message: "Let's keep our chat kind and about animals. Try asking something else!",
    status: 422,
    temporary: false,
  },
  CMZ_ERR_TIME_LIMIT_REACHED: {
    message:
      "That's all the chat time for today. Come back tomorrow to talk with the animals again!",
    status: 429,
    temporary: false,
  },
  // Models.
  CMZ_ERR_LLM_RATE_LIMITED: {
    message: 'The model is busy right now',
    status: 503,
    temporary: true,
  },
  CMZ_ERR_LLM_UNAVAILABLE: {
    message: 'The model could not be reached',
    status: 503,
    temporary: true,
  },
  CMZ_ERR_LLM_STALLED: { message: 'The model stopped answering', status: 504, temporary: true },
  CMZ_ERR_REPLY_NODE_LOST: {
    message: 'The animal lost its train of thought. Please ask again!',
    status: 503,
    temporary: true,
  },
  CMZ_ERR_LLM_REJECTED: {
    message: 'The model rejected the request',
    status: 502,
    temporary: false,
  },
  // Plugins.
  CMZ_ERR_PLUGIN_INVALID: { message: 'Plugin "%s" is invalid: %s', status: 500, temporary: false },
  CMZ_ERR_PLUGIN_DUPLICATE: {
    message: 'Plugin "%s" is registered twice',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_DEPENDENCY_MISSING: {
    message: 'Plugin "%s" depends on "%s", which is not loaded',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_HOOK_FAILED: {
    message: 'Plugin "%s" failed in hook "%s"',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_NOT_FOUND: {
    message: 'No plugin "%s" is configured',
    status: 404,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_LOAD_FAILED: {
    message: 'Plugin "%s" could not be loaded: %s',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_ENGINE_MISMATCH: {
    message: 'Plugin "%s" needs engine %s; this engine is %s',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_SETUP_FAILED: {
    message: 'Plugin "%s" failed to set up: %s',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_EVENT_FAILED: {
    message: 'Plugin "%s" could not handle "%s"',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_PLUGIN_HOOK_TIMEOUT: {
    message: 'Plugin "%s" exceeded its %s ms budget in hook "%s"',
    status: 500,
    temporary: true,
  },
  // Stores and the engine itself.
  CMZ_ERR_STORE_UNAVAILABLE: {
    message: 'Conversation state is unavailable right now',
    status: 503,
    temporary: true,
  },
  CMZ_ERR_CONFIG_INVALID: { message: 'Invalid configuration: %s', status: 500, temporary: false },
  CMZ_ERR_TRANSPORT_UNAVAILABLE: {
    message: 'The socket server "%s" cannot run here: %s. Fix: %s',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_CONTENT_INVALID: {
    message: 'Invalid content file %s: %s',
    status: 500,
    temporary: false,
  },
  CMZ_ERR_ENGINE_SHUTTING_DOWN: {
    message: 'The server is restarting: reconnect in a moment',
    status: 503,
    temporary: true,
  },
  CMZ_ERR_INTERNAL: { message: 'Something went wrong', status: 500, temporary: false },
} as const satisfies Record<string, ErrorDefinition>;

/** One catalog entry. */
export interface ErrorDefinition {
  /** Message template; each `%s` is filled from the error's arguments in order. */
  readonly message: string;
  /** HTTP status the REST layer answers with. */
  readonly status: number;
  /** True when retrying the same action later may succeed. */
  readonly temporary: boolean;
}

/** A stable error code of the engine. */
export type ErrorCode = keyof typeof errorCatalog;
