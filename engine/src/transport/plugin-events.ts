/**
 * Dispatches a plugin's namespaced client events (`quiz:answer`) to the handler of the plugin
 * version currently loaded: payload validated with the plugin's schema, result returned in the
 * acknowledgement, failures coded and attributed to the plugin.
 *
 * @module
 */
import { EngineError, toPublicError } from '../errors/engine-error.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import type { Plugin, PluginEventDefinition } from '../plugins/plugin-types.ts';
import type { Logger } from '../telemetry/logger.ts';
import { conversationRoom, type EngineServer, type EngineSocket } from './socket-types.ts';

/** What the transport needs from the plugin host. */
export type PluginEventSource = Pick<PluginHost, 'findEvent' | 'stateFor'>;

/**
 * Handles one plugin event from a socket.
 *
 * @example
 * ```ts
 * const found = plugins.findEvent(event);
 * if (found) await dispatchPluginEvent({ io, socket, event, found, args, plugins, logger });
 * ```
 */
export async function dispatchPluginEvent(input: {
  io: EngineServer;
  socket: EngineSocket;
  event: string;
  found: { plugin: Plugin; definition: PluginEventDefinition };
  args: unknown[];
  plugins: PluginEventSource;
  logger: Logger;
}): Promise<void> {
  const { io, socket, event, found, args } = input;
  const ack =
    typeof args.at(-1) === 'function' ? (args.at(-1) as (response: unknown) => void) : undefined;
  const pluginName = found.plugin.name;
  try {
    const parsed = found.definition.schema.safeParse(
      args.length > (ack ? 1 : 0) ? args[0] : undefined,
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EngineError('CMZ_ERR_PROTOCOL_INVALID_PAYLOAD', {
        args: [event, `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim()],
      });
    }
    const data = await found.definition.handler(parsed.data, {
      visitor: socket.data.visitor,
      socketId: socket.id,
      joined: (conversationId) => socket.data.joined.get(conversationId),
      state: input.plugins.stateFor(pluginName),
      emitToConversation: (conversationId, name, payload) => {
        if (!name.startsWith(`${pluginName}:`))
          throw new TypeError(`plugin events must start with "${pluginName}:"`);
        (io.to(conversationRoom(conversationId)).emit as (...values: unknown[]) => void)(
          name,
          payload,
        );
      },
    });
    ack?.({ ok: true, data: data ?? null });
  } catch (cause) {
    const error = EngineError.isInstance(cause)
      ? cause
      : new EngineError('CMZ_ERR_PLUGIN_EVENT_FAILED', {
          args: [pluginName, event],
          cause,
          details: { plugin: pluginName },
        });
    if (!EngineError.isInstance(cause)) {
      input.logger.warn(
        { plugin: pluginName, event, reason: String(cause).slice(0, 200) },
        'plugin event failed',
      );
    }
    const publicError = toPublicError(error);
    if (ack) ack({ ok: false, ...publicError });
    else socket.emit('protocol:error', { event, ...publicError });
  }
}
