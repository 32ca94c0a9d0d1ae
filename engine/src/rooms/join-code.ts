/**
 * Join codes children type: six characters from an alphabet without look-alikes (no 0/O, 1/I).
 *
 * @module
 */
import { randomInt } from 'node:crypto';

/** The characters of a join code: no 0, O, 1 or I, which children confuse. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Characters in a join code. */
export const JOIN_CODE_LENGTH = 6;

/**
 * A random join code (uniqueness among open rooms is the store's job).
 *
 * @example
 * ```ts
 * newJoinCode(); // 'K7QX2M'
 * ```
 */
export function newJoinCode(): string {
  let code = '';
  for (let index = 0; index < JOIN_CODE_LENGTH; index += 1) {
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  }
  return code;
}
