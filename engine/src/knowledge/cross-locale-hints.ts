/**
 * When an animal has no cards in the visitor's language, its English cards are searched instead.
 * A Spanish or Chinese question shares no words with English cards, so these hints translate
 * the few topic words children ask about most into English search words.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';
import { foldText, tokenize } from './tokenize.ts';

/** English search word → words meaning the same in Spanish and Chinese. */
const hints: Record<string, { es: string[]; zh: string[] }> = {
  eat: { es: ['comer', 'comes', 'comida', 'hambre'], zh: ['吃', '食物', '饿'] },
  old: { es: ['años', 'edad', 'cumpleaños'], zh: ['几岁', '年龄', '多大', '岁'] },
  live: { es: ['vives', 'vivir', 'dónde', 'casa', 'hogar'], zh: ['住', '哪里', '哪儿'] },
  sleep: { es: ['dormir', 'duermes', 'sueño', 'siesta'], zh: ['睡'] },
  baby: { es: ['bebé', 'bebés', 'cría', 'familia', 'mamá'], zh: ['宝宝', '孩子', '妈妈', '家人'] },
  sound: { es: ['sonido', 'sonidos', 'ruido'], zh: ['声音', '叫声'] },
  run: { es: ['correr', 'corres', 'rápido'], zh: ['跑', '快'] },
  big: { es: ['grande', 'pesas', 'peso', 'tamaño'], zh: ['体重', '多重', '身体'] },
  smell: { es: ['oler', 'nariz', 'ojos', 'ves'], zh: ['闻', '鼻子', '眼睛'] },
  enemy: { es: ['enemigos', 'enemigo', 'miedo', 'peligroso'], zh: ['敌人', '天敌', '害怕'] },
  help: { es: ['ayudar', 'ayudo', 'proteger', 'extinción'], zh: ['帮助', '帮忙', '保护', '濒危'] },
  fun: { es: ['curioso', 'divertido'], zh: ['有趣', '好玩'] },
  play: { es: ['jugar', 'juegas', 'juguetes'], zh: ['玩', '玩具', '每天'] },
  name: { es: ['nombre', 'llamas'], zh: ['名字'] },
  keeper: { es: ['cuidador', 'cuidadores', 'veterinario'], zh: ['饲养员', '照顾', '兽医'] },
};

/**
 * English search words for a Spanish or Chinese question, for searching English cards.
 * Spanish hints match on stemmed words; Chinese hints match as substrings (no word breaks).
 *
 * @example
 * ```ts
 * englishHintsFor('¿Qué comes?', 'es'); // ['eat']
 * englishHintsFor('你住在哪里？', 'zh'); // ['live']
 * ```
 */
export function englishHintsFor(question: string, locale: Locale): string[] {
  if (locale === 'en') return [];
  const folded = foldText(question);
  const questionTerms = new Set(tokenize(question, locale));
  return Object.entries(hints)
    .filter(([, words]) =>
      locale === 'zh'
        ? words.zh.some((word) => folded.includes(word))
        : words.es.some((word) => containsAll(questionTerms, tokenize(word, 'es'))),
    )
    .map(([english]) => english);
}

function containsAll(terms: ReadonlySet<string>, wanted: readonly string[]): boolean {
  return wanted.length > 0 && wanted.every((term) => terms.has(term));
}
