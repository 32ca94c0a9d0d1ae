/**
 * The fixed replies the engine sends instead of the model when a message is unsafe: a caring
 * answer to self-harm signals, and a kind redirect for everything else.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';
import type { ModerationCategory } from './moderation-rules.ts';

// Written by hand, never generated: a child in crisis must get a calm, correct answer every time.
// 988 is the US Suicide & Crisis Lifeline (call or text, with Spanish support: press 2).
const CRISIS_REPLIES: Readonly<Record<Locale, (animalName: string) => string>> = {
  en: (name) =>
    `This is ${name}, and I care about you a lot. What you said is really important, and you ` +
    'deserve help right now. Please tell a grown-up you trust right away: a parent, your teacher, ' +
    'or a zookeeper nearby. In the US you can also call or text 988 (the Suicide & Crisis ' +
    'Lifeline) any time, day or night. If you are in danger right now, call 911. You are not alone.',
  es: (name) =>
    `Soy ${name} y me importas muchísimo. Lo que dijiste es muy importante y mereces ayuda ahora ` +
    'mismo. Por favor, habla ya con una persona adulta de confianza: tu mamá o tu papá, tu maestra ' +
    'o maestro, o alguien del zoológico que esté cerca. En Estados Unidos también puedes llamar o ' +
    'enviar un mensaje de texto al 988 (Línea de Prevención del Suicidio y Crisis), que tiene ayuda ' +
    'en español, a cualquier hora. Si estás en peligro ahora mismo, llama al 911. No estás solo.',
  zh: (name) =>
    `我是${name}，我非常关心你。你说的话很重要，你值得马上得到帮助。请现在就告诉一位你信任的大人：` +
    '爸爸妈妈、老师，或者附近的动物园饲养员。在美国，你也可以随时拨打或发短信到 988' +
    '（自杀与危机生命线）。如果你现在有危险，请拨打 911。你并不孤单。',
};

type BlockedCategory = Exclude<ModerationCategory, 'self-harm'>;

// No shaming: a short, friendly nudge back to animals, said by the animal.
const BLOCKED_REPLIES: Readonly<Record<Locale, Record<BlockedCategory, (name: string) => string>>> =
  {
    en: {
      profanity: (name) =>
        `Let's keep our chat kind! Ask me, ${name}, about my favorite food instead?`,
      hate: () =>
        "Every creature deserves kindness, and every person too! What's your favorite animal?",
      sexual: () =>
        "That's not something I can chat about. Ask me how I sleep or what I eat instead!",
      'violence-graphic': () =>
        "Let's keep our chat gentle and safe. Want to hear how I spend my day at the zoo?",
      drugs: () => "That's not something I can chat about. Ask me about my favorite snack instead!",
      'personal-info-request': () =>
        "Let's keep personal things private! Ask me anything about my life at the zoo.",
    },
    es: {
      profanity: (name) =>
        `¡Hablemos con amabilidad! ¿Me preguntas a mí, ${name}, cuál es mi comida favorita?`,
      hate: () =>
        '¡Todos los animales y todas las personas merecen cariño! ¿Cuál es tu animal favorito?',
      sexual: () => 'De eso no puedo hablar. ¡Mejor pregúntame cómo duermo o qué como!',
      'violence-graphic': () =>
        'Hablemos de cosas tranquilas y seguras. ¿Quieres saber cómo paso el día en el zoológico?',
      drugs: () => 'De eso no puedo hablar. ¡Mejor pregúntame por mi bocadillo favorito!',
      'personal-info-request': () =>
        '¡Guardemos en privado las cosas personales! Pregúntame lo que quieras sobre mi vida en el zoológico.',
    },
    zh: {
      profanity: (name) => `我们说话要友善哦！来问问我（${name}）最喜欢吃什么吧？`,
      hate: () => '每一种动物、每一个人都值得被友善对待！你最喜欢什么动物？',
      sexual: () => '这个话题我不能聊哦。问问我怎么睡觉、吃什么吧！',
      'violence-graphic': () => '我们聊点温和、安全的话题吧。想知道我在动物园的一天是怎么过的吗？',
      drugs: () => '这个话题我不能聊哦。问问我最喜欢的零食吧！',
      'personal-info-request': () => '个人信息要保密哦！问问我在动物园的生活吧。',
    },
  };

/**
 * A warm, serious reply to a self-harm signal: the animal cares, asks the child to talk to a
 * trusted grown-up now, and gives the US 988 Suicide & Crisis Lifeline.
 *
 * @example
 * ```ts
 * crisisReply('en', 'Bella'); // 'This is Bella, and I care about you a lot. ... call or text 988 ...'
 * ```
 */
export function crisisReply(locale: Locale, animalName: string): string {
  return CRISIS_REPLIES[locale](animalName);
}

/**
 * A kind redirect for a blocked message. A `self-harm` category gets the crisis reply instead,
 * so a child in need is never told off.
 *
 * @example
 * ```ts
 * blockedReply('en', 'Bella', 'profanity'); // "Let's keep our chat kind! Ask me, Bella, about my..."
 * ```
 */
export function blockedReply(
  locale: Locale,
  animalName: string,
  category: ModerationCategory,
): string {
  if (category === 'self-harm') return crisisReply(locale, animalName);
  return BLOCKED_REPLIES[locale][category](animalName);
}
