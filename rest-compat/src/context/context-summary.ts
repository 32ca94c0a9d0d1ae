/**
 * Builds one entry of the summary archive from a user's archived conversations, without a model:
 * the newest `preserveRecent` conversations are described one by one (which animal, how many
 * questions, which topics), older ones folded into one line. Like `summarizeTurns`, it quotes
 * nothing the visitor typed, so a summary never carries personal details.
 *
 * Token counts are estimates (about four characters per token, the usual rule of thumb for
 * English): enough to report how much shorter the summary is, not a tokenizer's exact count.
 *
 * @module
 */
import { summarizeTurns } from '../conversation/summarize-turns.ts';
import type { ContextSummaryRecord } from '../persistence/context-repository.ts';

/** One archived conversation with its turns. */
export interface ArchivedConversation {
  sessionId: string;
  animalName: string;
  lastMessageTime: string;
  turns: readonly { role: string; content: string }[];
}

/** How to summarize. */
export interface SummaryOptions {
  summaryId: string;
  /** Longest summary, in estimated tokens. */
  targetTokens: number;
  /** How many of the newest conversations are described one by one. */
  preserveRecent: number;
  now: Date;
  /** How long the summary stays current. */
  lifetimeDays: number;
}

const charactersPerToken = 4;

/**
 * Estimated tokens of a text.
 *
 * @example
 * ```ts
 * estimateTokens('What do you eat?'); // 4
 * ```
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}

/**
 * Summarizes `conversations` (any order) into an archive entry.
 *
 * @example
 * ```ts
 * const record = buildContextSummary(conversations, {
 *   summaryId: 'summary_1', targetTokens: 800, preserveRecent: 3, now: new Date(), lifetimeDays: 30,
 * });
 * record.summary; // 'With Leo: 2 questions, about diet. Earlier: 3 conversations, about sleep.'
 * ```
 */
export function buildContextSummary(
  conversations: readonly ArchivedConversation[],
  options: SummaryOptions,
): ContextSummaryRecord {
  const newestFirst = [...conversations].sort((left, right) =>
    right.lastMessageTime.localeCompare(left.lastMessageTime),
  );
  const recent = newestFirst.slice(0, options.preserveRecent);
  const older = newestFirst.slice(options.preserveRecent);
  const perConversation = newestFirst.map((conversation) =>
    summarizeTurns(conversation.turns, { maxLength: 1000, animalName: conversation.animalName }),
  );
  const lines = recent.map((conversation, index) => {
    const { topics } = perConversation[index] ?? { topics: [] };
    const questions = conversation.turns.filter((turn) => turn.role === 'user').length;
    const about = topics.length > 0 ? `, about ${topics.join(', ')}` : '';
    return `With ${conversation.animalName}: ${plural(questions, 'question')}${about}.`;
  });
  if (older.length > 0) {
    const olderTopics = unique(perConversation.slice(recent.length).flatMap((item) => item.topics));
    const about = olderTopics.length > 0 ? `, about ${olderTopics.join(', ')}` : '';
    lines.push(`Earlier: ${plural(older.length, 'conversation')}${about}.`);
  }
  const maxLength = options.targetTokens * charactersPerToken;
  const full = lines.join(' ');
  const summary = full.length > maxLength ? `${full.slice(0, maxLength - 1)}…` : full;
  const originalTokens = conversations.reduce(
    (total, conversation) =>
      total + conversation.turns.reduce((sum, turn) => sum + estimateTokens(turn.content), 0),
    0,
  );
  const compressedTokens = estimateTokens(summary);
  const withTopics = perConversation.filter((item) => item.topics.length > 0).length;
  return {
    summaryId: options.summaryId,
    summary,
    topics: unique(perConversation.flatMap((item) => item.topics)),
    originalTokens,
    compressedTokens,
    compressionRatio:
      originalTokens === 0 ? 1 : round(Math.min(1, compressedTokens / originalTokens)),
    // The share of conversations whose topics were recognised: a summary that names no topic
    // tells the next conversation little.
    qualityScore: conversations.length === 0 ? 0 : round(withTopics / conversations.length),
    conversationsCovered: newestFirst.map((conversation) => conversation.sessionId),
    createdAt: options.now.toISOString(),
    expiresAt: new Date(options.now.getTime() + options.lifetimeDays * 86_400_000).toISOString(),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
