/**
 * Conversation turn, history and deletion shapes (see conversation-repository for the keys).
 *
 * @module
 */
import type { SessionRecord } from './session-listing.ts';

/** Token and latency figures of an assistant turn. */
export interface TurnMetadata {
  tokensPrompt?: number;
  tokensCompletion?: number;
  latencyMs?: number;
}

/** One message of a conversation. */
export interface TurnRecord {
  sessionId: string;
  turnId: string;
  role: 'user' | 'assistant';
  content: string;
  timestamp: string;
  metadata?: TurnMetadata;
}

/** Input of `ConversationRepository.appendTurn`. */
export interface NewTurn {
  sessionId: string;
  userId: string;
  animalId: string;
  animalName: string;
  role: TurnRecord['role'];
  content: string;
  /** Defaults to the clock. */
  timestamp?: string;
  metadata?: TurnMetadata;
}

/** A session's turns, filtered and paged. */
export interface ConversationHistory extends Pick<
  SessionRecord,
  'sessionId' | 'userId' | 'animalId' | 'animalName'
> {
  turns: TurnRecord[];
  /** Turns in the date range before paging. */
  totalTurns: number;
}

/** Which sessions to delete; at least one criterion is required. */
export interface HistoryDeletion {
  sessionId?: string;
  userId?: string;
  animalId?: string;
  /** Sessions whose last message is before this instant. */
  olderThan?: string;
}
