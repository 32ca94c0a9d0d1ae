/**
 * The shapes of the REST answers the web app reads (openapi/openapi.yaml), reduced to the
 * fields it uses.
 *
 * @module
 */
export interface RestAnimal {
  animalId: string;
  name: string;
  species: string;
  status?: string;
  personality?: string;
  description?: string;
}

export interface RestAnimalConfig {
  version?: number;
  voice?: string;
  personality?: string;
  systemPrompt?: string;
  temperature?: number;
}

export interface RestUser {
  userId: string;
  email?: string;
  displayName?: string;
  role?: string;
}

export interface PagedUsers {
  items?: RestUser[];
  total?: number;
}

export interface RestFamily {
  familyId: string;
  familyName: string;
  parents?: (string | RestUser)[];
  students?: (string | RestUser)[];
  parentIds?: string[];
  studentIds?: string[];
}

export interface SessionSummary {
  sessionId: string;
  userId?: string;
  animalId?: string;
  animalName?: string;
  startTime?: string;
  lastMessageTime?: string;
  messageCount?: number;
  summary?: string;
}

export interface ConvoHistory {
  sessionId?: string;
  animalId?: string;
  turns?: { role: 'user' | 'assistant' | 'system'; content: string; timestamp?: string }[];
}

/** A family's members as users (the server populates them; bare ids become minimal users). */
export function members(family: RestFamily, side: 'parents' | 'students'): RestUser[] {
  const list = family[side] ?? family[side === 'parents' ? 'parentIds' : 'studentIds'] ?? [];
  return list.map((entry) => (typeof entry === 'string' ? { userId: entry } : entry));
}

export const userLabel = (user: RestUser): string => user.displayName || user.email || user.userId;
