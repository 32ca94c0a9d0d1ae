/**
 * Tiny suffix strippers for English and Spanish. They are not linguistically complete; they only
 * have to map the forms a child types (eat/eats/eating, come/comes/comer) and the forms in the
 * cards to the same term. Both index and query go through the same stemmer, so an odd stem is
 * harmless as long as it is consistent.
 *
 * @module
 */

const spanishSuffixes = [
  'iendo',
  'ando',
  'ieron',
  'aron',
  'amos',
  'emos',
  'imos',
  'idas',
  'idos',
  'ados',
  'adas',
  'ida',
  'ido',
  'ado',
  'ada',
  'es',
  'as',
  'os',
  'ar',
  'er',
  'ir',
  'a',
  'e',
  'o',
  's',
];

/** Shortest stem kept, so short words ("oso", "ver") are not stripped to nothing. */
const minimumStemLength = 3;

/**
 * Stems one lowercase English word: plural and verb endings, then a final silent "e"
 * (live/lives/living all become "liv").
 *
 * @example
 * ```ts
 * stemEnglish('eating'); // 'eat'
 * stemEnglish('babies'); // 'baby'
 * ```
 */
export function stemEnglish(word: string): string {
  let stem = word;
  if (stem.endsWith('ies') && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith('ing') && stem.length > 5) stem = stem.slice(0, -3);
  else if (stem.endsWith('ed') && stem.length > 4) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') && !stem.endsWith('ss') && stem.length > 3) stem = stem.slice(0, -1);
  if (stem.endsWith('e') && stem.length > minimumStemLength) stem = stem.slice(0, -1);
  return stem;
}

/**
 * Stems one lowercase, accent-free Spanish word by removing its longest known ending.
 *
 * @example
 * ```ts
 * stemSpanish('comes'); // 'com'
 * stemSpanish('comida'); // 'com'
 * ```
 */
export function stemSpanish(word: string): string {
  for (const suffix of spanishSuffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= minimumStemLength) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}
