/**
 * The ports the auth service needs: where accounts and reset tokens live, and how it logs.
 * Persistence (DynamoDB) implements them elsewhere; `memory-auth-stores.ts` has in-memory ones.
 *
 * @module
 */
import type { Role } from './roles.ts';
import type { IssuedToken } from './token-service.ts';

/** An account as sign-in sees it. `role` is stored as-is (legacy values are normalized on use). */
export interface AuthUser {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  /** bcrypt hash; absent for accounts that cannot sign in with a password. */
  passwordHash?: string;
  /** Soft-deleted accounts keep their record but can no longer sign in. */
  softDelete?: boolean;
}

/** Account lookups and the one write sign-in needs. */
export interface AuthUserStore {
  /** `email` arrives trimmed and lower-cased; stores compare case-insensitively. */
  findByEmail(email: string): Promise<AuthUser | null>;
  findById(userId: string): Promise<AuthUser | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
}

/** A stored reset request: whose it is and when it stops working (epoch milliseconds). */
export interface ResetTokenRecord {
  userId: string;
  expiresAt: number;
}

/** Password reset tokens, stored only as SHA-256 hashes so a store leak cannot reset anything. */
export interface ResetTokenStore {
  save(tokenHash: string, userId: string, expiresAt: number): Promise<void>;
  /** Returns and deletes the record in one step (single use), or null when there is none. */
  consume(tokenHash: string): Promise<ResetTokenRecord | null>;
}

/** Structured logger (pino-compatible). Fields and messages must never hold PII or secrets. */
export interface AuthLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Sends a reset token to the account's owner (an email in production). */
export type ResetTokenDelivery = (userId: string, resetToken: string) => void | Promise<void>;

/** The public view of a signed-in account, for the `/auth` response. */
export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
}

/** What `login` and `refresh` return: a token and whom it is for. */
export interface SignInResult extends IssuedToken {
  user: SignedInUser;
}
