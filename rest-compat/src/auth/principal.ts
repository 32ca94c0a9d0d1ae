/**
 * Who a verified token says is calling. REST handlers read it with `principalOf(request)`.
 *
 * @module
 */
import type { Role } from './roles.ts';

/** The account a token is issued for. */
export interface TokenSubject {
  /** Opaque account id; may look like an email for migrated accounts, so never log it raw. */
  userId: string;
  email: string;
  role: Role;
}

/** A verified caller: the token's subject plus which token it was and when it stops working. */
export interface Principal extends TokenSubject {
  /** The token's `jti`, used to revoke exactly this token. */
  tokenId: string;
  /** Epoch milliseconds of the token's `exp`. */
  expiresAt: number;
}
