/**
 * Password hashing with bcrypt (`bcryptjs`: pure JavaScript, no native build, widely used).
 *
 * @module
 */
import bcrypt from 'bcryptjs';

/** Work factor for production: about a quarter of a second per hash on a current server core. */
export const productionBcryptCost = 12;

/** Hashes and checks passwords at one bcrypt cost. */
export interface PasswordHasher {
  /** Returns a salted bcrypt hash (`$2b$…`) of `password`. */
  hashPassword(password: string): Promise<string>;
  /**
   * True when `password` matches `hash`. With no hash (unknown user, account without a password)
   * it still runs one full comparison against a dummy hash of the same cost and returns false,
   * so the response time does not reveal whether an account exists.
   */
  verifyPassword(password: string, hash: string | undefined): Promise<boolean>;
}

/**
 * Creates a hasher. Tests pass a low cost (4, the bcrypt minimum) to stay fast.
 *
 * @example
 * ```ts
 * const hasher = createPasswordHasher();
 * const hash = await hasher.hashPassword('Zebra#2024');
 * await hasher.verifyPassword('Zebra#2024', hash); // true
 * await hasher.verifyPassword('Zebra#2024', undefined); // false, after the same amount of work
 * ```
 */
export function createPasswordHasher(options: { cost?: number } = {}): PasswordHasher {
  const cost = options.cost ?? productionBcryptCost;
  let dummyHash: Promise<string> | undefined;
  // Made on first use, at the same cost as real hashes: a cheaper dummy would be a timing oracle.
  const getDummyHash = (): Promise<string> =>
    (dummyHash ??= bcrypt.hash('dummy password that no account has', cost));

  return {
    hashPassword: (password) => bcrypt.hash(password, cost),
    async verifyPassword(password, hash) {
      if (hash === undefined || hash === '') {
        await bcrypt.compare(password, await getDummyHash());
        return false;
      }
      try {
        return await bcrypt.compare(password, hash);
      } catch {
        // A malformed stored hash is a data problem, not a reason to let anyone in.
        return false;
      }
    },
  };
}
