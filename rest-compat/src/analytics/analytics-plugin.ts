/**
 * `core:analytics`: measures every reply (socket or REST) where it happens, in the pipeline.
 * `inspectMessage` marks the start (after `core:safety` let the message through) and scores the
 * message's moderation risk; the first `transformChunk` is the first token; `onReplyEnd` gives
 * the duration and the token usage, which becomes the performance counters, a usage record in
 * DynamoDB (billing) and, for crisis and AI-disclosure answers or masked output, safety events.
 *
 * Nothing of what was said is kept: the plugin holds the reply's unfiltered text only while the
 * reply runs (to tell whether the output filter masked a word) and records counts and ids.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import {
  createOutputFilter,
  definePlugin,
  hashIdentifier,
  isAskingIfAi,
  moderateText,
  type Logger,
  type MessageContext,
  type Plugin,
} from '@cmz/engine';
import type { UsageRepository } from '../persistence/usage-repository.ts';
import { costOf, offlineService, serviceOf, type PriceTable } from './model-prices.ts';
import type { PerformanceMetrics } from './performance-metrics.ts';
import type { SafetyMetrics } from './safety-metrics.ts';

/** What the plugin records into. */
export interface AnalyticsPluginDependencies {
  performance: PerformanceMetrics;
  safety: SafetyMetrics;
  usage: UsageRepository;
  prices: PriceTable;
  /** The model provider (`openai`, `offline`) and the model name forced for every animal, if any. */
  model: () => { provider: string; modelOverride?: string | undefined };
  logger: Logger;
}

const severityRisk = { none: 0, low: 0.5, high: 1 } as const;

/**
 * Creates the plugin.
 *
 * @example
 * ```ts
 * engine.setPlugins([archivePlugin(conversations), analyticsPlugin({ performance, safety, usage, prices, model, logger })]);
 * ```
 */
export function analyticsPlugin(dependencies: AnalyticsPluginDependencies): Plugin {
  const outputFilter = createOutputFilter();
  const warnedModels = new Set<string>();
  const factsOf = (context: MessageContext) => ({
    animalId: context.animal.id,
    userHash: hashIdentifier(context.visitor.visitorId),
    conversationId: context.conversation.id,
  });
  return definePlugin({
    name: 'core:analytics',
    version: '1.0.0',
    hooks: {
      inspectMessage: (message, context) => {
        const checkStarted = performance.now();
        const moderation = moderateText(message.text, context.locale);
        const processingMs = performance.now() - checkStarted;
        context.state.set('started', checkStarted);
        // The same checks `core:safety` answers with, so the reply can be classified at its end.
        if (moderation.categories.includes('self-harm')) context.state.set('intent', 'crisis');
        else if (isAskingIfAi(message.text)) context.state.set('intent', 'disclosure');
        dependencies.safety.recordChecked(
          factsOf(context),
          severityRisk[moderation.severity],
          processingMs,
        );
      },
      transformChunk: (chunk, context) => {
        if (!context.state.has('firstToken')) context.state.set('firstToken', performance.now());
        context.state.set(
          'raw',
          `${(context.state.get('raw') as string | undefined) ?? ''}${chunk.text}`,
        );
      },
      onReplyEnd: async (reply, context) => {
        const ended = performance.now();
        const started = context.state.get('started') as number | undefined;
        const firstToken = context.state.get('firstToken') as number | undefined;
        const { provider, modelOverride } = dependencies.model();
        const service = serviceOf(provider, modelOverride ?? context.animal.model.model);
        const { promptTokens, completionTokens } = reply.usage;
        const { costMicroUsd, priced } = costOf(dependencies.prices, service, reply.usage);
        if (!priced && !warnedModels.has(service)) {
          warnedModels.add(service);
          dependencies.logger.warn(
            { operation: 'analytics', service },
            'no price for this model: its cost counts as 0 (set MODEL_PRICES_USD)',
          );
        }
        dependencies.performance.recordReply({
          animalId: context.animal.id,
          firstTokenMs:
            started === undefined || firstToken === undefined ? undefined : firstToken - started,
          durationMs: started === undefined ? 0 : ended - started,
          promptTokens,
          completionTokens,
          costMicroUsd,
        });
        const intent = context.state.get('intent') as 'crisis' | 'disclosure' | undefined;
        if (reply.finishReason === 'intent' && intent !== undefined) {
          dependencies.safety.record(intent, factsOf(context));
        }
        const raw = context.state.get('raw') as string | undefined;
        if (raw !== undefined && outputFilter.filterWord(raw) !== raw) {
          dependencies.safety.record('filtered', factsOf(context));
        }
        try {
          await dependencies.usage.record({
            at: new Date(),
            animalId: context.animal.id,
            service,
            promptTokens,
            completionTokens,
            costMicroUsd,
            estimated: provider === offlineService,
          });
        } catch (error) {
          dependencies.logger.warn(
            { operation: 'analytics', step: 'usage', reason: String(error).slice(0, 200) },
            'usage record not written',
          );
        }
      },
    },
  });
}
