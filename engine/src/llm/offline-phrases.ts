/**
 * What the offline responder says around the fact cards, per locale: openers, greetings,
 * invitations, the honest "I don't know", and the note that only English facts exist yet.
 *
 * @module
 */
import type { AnimalPersona } from '../content/animal-types.ts';
import type { Locale } from '../protocol/events.ts';

/** The templates of one locale. */
export interface OfflinePhrases {
  /** How sentences are joined: a space, or nothing for Chinese. */
  separator: string;
  /** Openers when the persona's English catch-phrases do not fit the locale. */
  openers: readonly string[];
  greeting(animal: AnimalPersona): string;
  invitations: readonly ((followUp: string) => string)[];
  /** Ending when the card has no follow-up question. */
  closing: string;
  /** Said when nothing relevant is known: honest, and points to a keeper. */
  unknown: string;
  /** Said before English facts answering an es/zh question. */
  englishOnly: string;
  /** Follow-up questions when no card offers any. */
  defaultSuggestions: readonly string[];
}

/** Species names that start with a proper adjective keep their capital ("the zoo's African lion"). */
const properAdjective = /^(African|American|Asian|Amur|Andean|Arctic|Bengal|Pacific|Sumatran)\b/;

function speciesInSentence(species: string): string {
  return properAdjective.test(species)
    ? species
    : species.charAt(0).toLowerCase() + species.slice(1);
}

const english: OfflinePhrases = {
  separator: ' ',
  openers: ['Hi there!', 'Great question!', 'Ooh, I love that question!'],
  greeting: (animal) =>
    `I'm ${animal.name}, the zoo's ${speciesInSentence(animal.species)} ${animal.emoji}! ` +
    `${animal.tagline.en} Ask me anything about my life here at Cougar Mountain Zoo!`,
  invitations: [
    (followUp) => `Want to know more? Ask me: "${followUp}"`,
    (followUp) => `You could ask me next: "${followUp}"`,
    (followUp) => `Curious? Try asking: "${followUp}"`,
  ],
  closing: 'What else would you like to know?',
  unknown:
    "Hmm, I don't know the answer to that one, and I only like to tell you things I'm sure about! " +
    'You could ask one of the keepers here at Cougar Mountain Zoo. ' +
    'Or ask me what I eat, how old I am, or where I live!',
  englishOnly: '',
  defaultSuggestions: ['What do you eat?', 'How old are you?', 'Where do you live?'],
};

const spanish: OfflinePhrases = {
  separator: ' ',
  openers: [
    '¡Hola, amigo!',
    '¡Qué buena pregunta!',
    '¡Me encanta esa pregunta!',
    '¡A ver, te cuento!',
  ],
  greeting: (animal) =>
    `¡Hola! Soy ${animal.name} ${animal.emoji}. ${animal.tagline.es ?? ''} ` +
    '¡Pregúntame lo que quieras sobre mi vida en el Zoológico Cougar Mountain!',
  invitations: [
    (followUp) => `¿Quieres saber más? Pregúntame: «${followUp}»`,
    (followUp) => `Puedes preguntarme: «${followUp}»`,
  ],
  closing: '¿Qué más te gustaría saber?',
  unknown:
    'Mmm, no sé la respuesta a eso, ¡y solo me gusta contarte cosas que sé de verdad! ' +
    'Puedes preguntarle a un cuidador aquí en el Zoológico Cougar Mountain. ' +
    '¡O pregúntame qué como, cuántos años tengo o dónde vivo!',
  englishOnly: 'Por ahora solo sé esto en inglés:',
  defaultSuggestions: ['¿Qué comes?', '¿Cuántos años tienes?', '¿Dónde vives?'],
};

const chinese: OfflinePhrases = {
  separator: '',
  openers: ['你好呀！', '问得好！', '这个问题真棒！', '我来告诉你吧！'],
  greeting: (animal) =>
    `你好！我是${animal.name}${animal.emoji}。${animal.tagline.zh ?? ''}` +
    '关于我在美洲狮山动物园的生活，你想问什么都可以！',
  invitations: [
    (followUp) => `想知道更多吗？你可以问我：“${followUp}”`,
    (followUp) => `你还可以问我：“${followUp}”`,
  ],
  closing: '你还想知道什么呢？',
  unknown:
    '嗯，这个问题我不知道答案，我只想告诉你我确定的事情！' +
    '你可以去问问美洲狮山动物园的饲养员。你也可以问我吃什么、几岁了、住在哪里！',
  englishOnly: '这个我现在只会用英语说：',
  defaultSuggestions: ['你吃什么？', '你几岁了？', '你住在哪里？'],
};

const phrasesByLocale: Record<Locale, OfflinePhrases> = { en: english, es: spanish, zh: chinese };

/**
 * The templates for `locale`.
 *
 * @example
 * ```ts
 * phrasesFor('es').closing; // '¿Qué más te gustaría saber?'
 * ```
 */
export function phrasesFor(locale: Locale): OfflinePhrases {
  return phrasesByLocale[locale];
}

/**
 * Picks one entry deterministically from a seed, so the same question gets the same words.
 *
 * @example
 * ```ts
 * pickBySeed(['a', 'b', 'c'], 4); // 'b'
 * ```
 */
export function pickBySeed<T>(items: readonly T[], seed: number): T | undefined {
  return items.length === 0 ? undefined : items[seed % items.length];
}

/**
 * A stable 32-bit FNV-1a hash of a string, used to vary wording per question without randomness.
 *
 * @example
 * ```ts
 * hashText('what do you eat?') === hashText('what do you eat?'); // true
 * ```
 */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
