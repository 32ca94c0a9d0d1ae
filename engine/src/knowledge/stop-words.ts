/**
 * Words too common in children's questions to say what the question is about. Without them,
 * "what do you ..." would match every card. Words that do carry the topic ("where", "old",
 * "who", "from") are deliberately kept.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';

const english = `a an the i me my mine you your yours u ur ya we us our it its is are am was were be
  been being do does did doing don dont t s m re ll ve d can could would will should shall may might
  must what how why when which that this these those there here to of in on at for and or but so
  with about like please tell say just really very much many some any all also too up out get got go
  going want wanna kind lot lots thing things hey hi hello hiya dear oh ok okay yes no not know let
  have has had if then than as by into who's what's whats make makes`;

const spanish = `que qué tu tú te ti yo me mi mis el la lo los las un una unos unas de del en y o es
  eres son estas estás esta está a al por para con como cómo cual cuál puedes se le les su sus muy
  mucho mucha sobre dime favor hola hay ser estar cuando cuándo tan tienes tiene tengo nos`;

/**
 * Chinese function characters: pronouns, particles and "what". They are dropped as single
 * characters and any bigram containing one is dropped too, so 你吃什么 keeps only 吃.
 */
const chineseCharacters = '你您我他她它的了吗呢是么什吧啊呀在和有这那个们都也很就会能可要请';

/** Stop words per word-based locale, accent-free and lowercase like the tokens they filter. */
export const stopWords: Record<Exclude<Locale, 'zh'>, ReadonlySet<string>> = {
  en: toWordSet(english),
  es: toWordSet(spanish),
};

/** Chinese stop characters. */
export const chineseStopCharacters: ReadonlySet<string> = new Set(chineseCharacters);

function toWordSet(words: string): ReadonlySet<string> {
  return new Set(
    words
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => word.normalize('NFKD').replace(/\p{M}/gu, '')),
  );
}
