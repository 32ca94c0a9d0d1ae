/**
 * Recognizes a bare greeting ("hi!", "hello Leo", "hola", "你好"), which deserves a hello rather
 * than a search through fact cards.
 *
 * @module
 */
import { foldText } from '../knowledge/tokenize.ts';

const latinGreetings =
  'hi|hii+|hello|helo|hey|heya|hiya|howdy|yo|greetings|good morning|good afternoon|good evening|' +
  'hola|buenas|buenos dias|buenas tardes|buenas noches|saludos';
const chineseGreetings = '你好|您好|嗨|哈喽|哈啰|早上好|下午好|晚上好|大家好';
const greetingPattern = new RegExp(`\\b(?:${latinGreetings})\\b|${chineseGreetings}`, 'gu');
const fillerPattern = /\b(?:there|friend|friends|everyone|again|amigo|amiga|amigos)\b|[呀啊哦]/gu;
const letterOrDigit = /[\p{L}\p{N}]/u;

/**
 * True when the question is only a greeting, optionally with the animal's name or "there".
 *
 * @example
 * ```ts
 * isGreeting('Hi Leo!', 'Leo'); // true
 * isGreeting('hi, what do you eat?', 'Leo'); // false
 * ```
 */
export function isGreeting(question: string, animalName: string): boolean {
  const folded = foldText(question);
  const rest = folded.replace(greetingPattern, ' ');
  if (rest === folded) return false;
  const withoutFiller = rest.replace(fillerPattern, ' ').replaceAll(foldText(animalName), ' ');
  return !letterOrDigit.test(withoutFiller);
}
