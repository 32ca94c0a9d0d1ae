/**
 * Friendly nicknames ("Brave Otter") the join page offers when a child wants one picked, or when
 * the engine refused the one typed (docs/rooms.md). Made of an adjective and an animal only, so a
 * picked name never says anything about the child.
 *
 * @module
 */

const ADJECTIVES = [
  'Brave',
  'Clever',
  'Curious',
  'Happy',
  'Jolly',
  'Kind',
  'Lucky',
  'Mighty',
  'Quick',
  'Quiet',
  'Sunny',
  'Swift',
  'Gentle',
  'Bright',
  'Bouncy',
  'Friendly',
];
const ANIMALS = [
  'Otter',
  'Panda',
  'Koala',
  'Penguin',
  'Falcon',
  'Gecko',
  'Lynx',
  'Tapir',
  'Heron',
  'Dolphin',
  'Wombat',
  'Meerkat',
  'Toucan',
  'Bison',
  'Lemur',
  'Zebra',
];

/**
 * A random friendly nickname.
 *
 * @example
 * ```ts
 * friendlyNickname(); // 'Brave Otter'
 * friendlyNickname(() => 0); // 'Brave Otter' (deterministic in tests)
 * ```
 */
export function friendlyNickname(random: () => number = Math.random): string {
  const pick = (words: readonly string[]) =>
    words[Math.min(words.length - 1, Math.floor(random() * words.length))] as string;
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}
