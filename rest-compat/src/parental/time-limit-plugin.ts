/**
 * `core:time-limit`: enforces the daily chat-time limit a parent set for a child. A student whose
 * chat time today has reached the limit gets `CMZ_ERR_TIME_LIMIT_REACHED` before anything is
 * stored; otherwise the current minute is counted. It runs for every transport (socket and REST
 * turns) because it hooks `inspectMessage`.
 *
 * @module
 */
import { definePlugin, EngineError, type Plugin } from '@cmz/engine';
import type { ChatTimeMeter } from './chat-time-meter.ts';
import type { ParentalControlsRepository } from './parental-controls-repository.ts';

/**
 * Creates the plugin.
 *
 * @example
 * ```ts
 * engine.setPlugins([timeLimitPlugin({ controls, meter })]);
 * ```
 */
export function timeLimitPlugin(options: {
  controls: ParentalControlsRepository;
  meter: ChatTimeMeter;
}): Plugin {
  return definePlugin({
    name: 'core:time-limit',
    version: '1.0.0',
    hooks: {
      inspectMessage: async (_message, context) => {
        // Parents set limits for the children of their family, who sign in as students; guests
        // have no account a parent could manage.
        if (context.visitor.role !== 'student') return;
        const userId = context.visitor.visitorId;
        const { dailyLimitMinutes } = await options.controls.get(userId);
        if (dailyLimitMinutes !== null) {
          const used = await options.meter.usedToday(userId);
          if (used >= dailyLimitMinutes) throw new EngineError('CMZ_ERR_TIME_LIMIT_REACHED');
        }
        await options.meter.recordNow(userId);
      },
    },
  });
}
