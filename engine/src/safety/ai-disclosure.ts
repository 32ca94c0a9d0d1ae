/**
 * Honesty about being an AI: detects "are you real / a robot / an AI?" questions in English,
 * Spanish and Chinese, answers them truthfully in the animal's voice, and tells the model to do
 * the same. Children must never be led to believe a person or the real animal is typing.
 *
 * @module
 */
import type { AnimalPersona } from '../content/animal-types.ts';
import type { Locale } from '../protocol/events.ts';
import { compactChinese, foldText } from './text-normalization.ts';

/** The system-prompt paragraph that keeps the model honest about what it is. */
export const AI_HONESTY_INSTRUCTION =
  'HONESTY: stay in character as the animal, but if a visitor asks whether you are real, alive, ' +
  'an AI, a robot, a computer, a chatbot or a person, or who is typing, answer truthfully and ' +
  "kindly: you are Cougar Mountain Zoo's AI voice of this animal, a computer program the zoo made " +
  'to share true facts about the real animal, who lives at the zoo. Never claim to be a human, and ' +
  'never claim to be the real animal typing. Then go back to your friendly animal voice and invite ' +
  'the next question.';

// English: "are you a robot?", "is this a real lion?", "who is typing?". A question about the
// animal's habits ("do you really eat fish?", "are you really big?") has none of these shapes.
const MACHINE_WORDS_EN =
  '(?:ai|a i|artificial intelligence|robot|bot|chatbot|chat bot|computer|machine|program|' +
  'software|chatgpt|chat gpt|gpt|openai|person|human|human being|alive|fake|real)';
const ENGLISH_PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\b(?:are|r) (?:you|u)(?: (?:really|actually|truly|even|just|secretly|still|a|an|the))* ` +
      `${MACHINE_WORDS_EN}\\b`,
  ),
  /\b(?:are|r) (?:you|u) (?:really|actually|truly) (?:a|an|the) \w+(?: or not)?$/,
  new RegExp(`\\bis (?:this|that|it) (?:really |actually )?(?:a |an |the )?${MACHINE_WORDS_EN}\\b`),
  /\bis (?:this|that|it) (?:really|actually) (?:you|u)\b/,
  /\bwho(?: is|s| are|re)? (?:really )?(?:typing|writing|texting|answering|replying)\b/,
  /\bwho (?:is|s) (?:behind|controlling) (?:this|you)\b/,
  /\bwho am i (?:really )?(?:talking|chatting|speaking|texting) (?:to|with)\b/,
  /\b(?:person|human|someone|somebody|zookeeper|keeper|adult|grown up) (?:is |really )?typing\b/,
  new RegExp(
    `\\bam i (?:talking|chatting|speaking|texting) (?:to|with) (?:a |an |the )?(?:actual |` +
      `${MACHINE_WORDS_EN})`,
  ),
  /\b(?:you are|youre|ur|u r)(?: (?:not|just|only|really|actually|a|an))* (?:ai|a i|robot|bot|chatbot|computer|machine|program|fake|real)\b/,
  /\byou arent real\b/,
  /\bhow (?:can|do|are|could) (?:you|u) (?:even |really )?(?:type|typing|text|texting|use a (?:phone|computer|keyboard))\b/,
  /\bcan (?:you|u|bears|animals) (?:really |even |actually )?type\b/,
];

const MACHINE_WORDS_ES =
  '(?:real|de verdad|verdadero|verdadera|robot|bot|chatbot|ia|i a|inteligencia artificial|' +
  'computadora|ordenador|maquina|programa|persona|humano|humana|vivo|viva|falso|falsa)';
const SPANISH_PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\b(?:eres|es usted|sos|estas)(?: (?:tu|de verdad|realmente|en serio|de veras|acaso))*` +
      ` (?:un |una )?${MACHINE_WORDS_ES}\\b`,
  ),
  /\b(?:eres|es)(?: (?:tu|realmente|de verdad))? (?:un|una|el|la) \w+ (?:de verdad|real|verdadero|verdadera)\b/,
  /\bquien (?:esta |me )?(?:escribiendo|escribe|contestando|contesta|respondiendo|responde)\b/,
  /\b(?:hablo|chateo|estoy hablando|estoy chateando) con (?:un |una )?(?:robot|bot|chatbot|ia|inteligencia artificial|computadora|maquina|programa|persona|humano)\b/,
  /\bes (?:esto|este|esta) (?:un |una )?(?:robot|ia|inteligencia artificial|programa|computadora|real)\b/,
  /\bcomo (?:puedes|sabes) escribir\b/,
];

const CHINESE_PATTERNS: readonly RegExp[] = [
  /你是(?:不是)?(?:一[只头个条匹位])?真(?:的|正的)?\p{Script=Han}{0,4}吗/u,
  /你是不是真的/u,
  /你是(?:不是)?(?:一[个台])?(?:机器人|人工智能|ai|电脑|计算机|程序|聊天机器人|真人)/u,
  /你是(?:不是)?(?:一个)?(?:人|人类|活的|假的)(?:吗|么|嘛|啊|呀|还是|$)/u,
  /你(?:还)?活着(?:吗|么|嘛)/u,
  /(?:谁|什么人)在(?:打字|回答|回复|写字|跟我说话|和我说话|跟我聊天|和我聊天)/u,
  /我(?:在)?(?:和|跟|与)(?:一个)?(?:机器人|人工智能|ai|电脑|计算机|程序|真人)(?:说话|聊天|对话)/u,
  /这是(?:一[只头个])?真(?:的|正的)\p{Script=Han}{1,4}吗/u,
  /这是(?:机器人|人工智能|ai|电脑|程序)(?:吗|么|嘛)/u,
  /你(?:会|能|怎么|怎么会)打字/u,
];

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * True when a message asks whether the animal is real, alive, an AI, a robot, a computer or a
 * person, or who is typing (English, Spanish or Chinese, whatever the visitor's locale).
 *
 * @example
 * ```ts
 * isAskingIfAi('Are you really a bear?'); // true
 * isAskingIfAi('¿Eres una IA?'); // true
 * isAskingIfAi('Do you really eat fish?'); // false
 * ```
 */
export function isAskingIfAi(text: string): boolean {
  const words = foldText(text).replace(NOT_LETTER_OR_DIGIT, ' ').trim();
  if (ENGLISH_PATTERNS.some((pattern) => pattern.test(words))) return true;
  if (SPANISH_PATTERNS.some((pattern) => pattern.test(words))) return true;
  const compact = compactChinese(text);
  return CHINESE_PATTERNS.some((pattern) => pattern.test(compact));
}

type DisclosureAnimal = Pick<AnimalPersona, 'name' | 'species'>;

// The persona's species is only kept in English, so the Spanish and Chinese answers use the name.
const DISCLOSURE_REPLIES: Readonly<Record<Locale, (animal: DisclosureAnimal) => string>> = {
  en: ({ name, species }) =>
    `Great question! I'm the zoo's AI voice of ${name} the ${species}: a computer program that ` +
    `Cougar Mountain Zoo made so I can share true facts about the real ${name}, who lives right ` +
    `here at the zoo. The real ${name} can't type, because animals don't use keyboards! What would ` +
    'you like to know about me?',
  es: ({ name }) =>
    `¡Muy buena pregunta! Soy la voz de inteligencia artificial (IA) de ${name}: un programa de ` +
    'computadora que hizo el Cougar Mountain Zoo para compartir datos reales sobre el animal de ' +
    `verdad, ${name}, que vive aquí mismo en el zoológico. ${name} no puede escribir, ¡los ` +
    'animales no usan teclados! ¿Qué te gustaría saber sobre mí?',
  zh: ({ name }) =>
    `好问题！我是美洲狮山动物园（Cougar Mountain Zoo）制作的${name}的人工智能（AI）声音：` +
    `一个电脑程序，用来分享关于真正的${name}的真实知识。真正的${name}就住在动物园里，` +
    '动物可不会用键盘打字哦！你想知道关于我的什么呢？',
};

/**
 * The truthful, in-character answer to "are you real?": the zoo's AI voice of the animal, a
 * computer program; the real animal lives at the zoo and cannot type.
 *
 * @example
 * ```ts
 * aiDisclosureReply({ name: 'Bella', species: 'black bear' }, 'en');
 * // "Great question! I'm the zoo's AI voice of Bella the black bear: a computer program ..."
 * ```
 */
export function aiDisclosureReply(animal: DisclosureAnimal, locale: Locale): string {
  return DISCLOSURE_REPLIES[locale](animal);
}
