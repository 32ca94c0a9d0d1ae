/**
 * A short, factual summary of a conversation without calling a model: how many questions, about
 * which topics. It quotes nothing the visitor typed, so a summary never carries personal details.
 *
 * @module
 */

const topicKeywords: Record<string, readonly string[]> = {
  diet: ['eat', 'food', 'hungry', 'snack', 'comer', 'comes', 'comida', '吃'],
  age: ['old', 'age', 'birthday', 'años', 'edad', '岁', '年龄'],
  habitat: ['live', 'home', 'habitat', 'where', 'vives', 'casa', '住', '家'],
  family: ['baby', 'babies', 'mom', 'family', 'cub', 'bebé', 'familia', '宝宝', '家人'],
  sleep: ['sleep', 'nap', 'hibernat', 'dormir', 'duermes', '睡'],
  body: ['big', 'tall', 'weigh', 'size', 'fur', 'quill', 'trunk', 'grande', '多大', '重'],
  conservation: ['endangered', 'help', 'protect', 'conserv', 'ayudar', '保护'],
  senses: ['see', 'smell', 'hear', 'nose', 'ears', 'oler', '鼻子'],
};

/** A summary and its topics. */
export interface TurnSummary {
  summary: string;
  topics: string[];
}

/**
 * Summarizes turns for `/summarize_convo`.
 *
 * @example
 * ```ts
 * summarizeTurns([{ role: 'user', content: 'What do you eat?' }], { maxLength: 200, animalName: 'Bella' });
 * // { summary: 'The visitor asked Bella 1 question, about diet.', topics: ['diet'] }
 * ```
 */
export function summarizeTurns(
  turns: readonly { role: string; content: string }[],
  options: { maxLength: number; animalName: string },
): TurnSummary {
  const questions = turns
    .filter((turn) => turn.role === 'user')
    .map((turn) => turn.content.toLowerCase());
  const topics = Object.entries(topicKeywords)
    .filter(([, keywords]) =>
      questions.some((question) => keywords.some((keyword) => question.includes(keyword))),
    )
    .map(([topic]) => topic);
  const count = `${questions.length} question${questions.length === 1 ? '' : 's'}`;
  const about = topics.length > 0 ? `, about ${topics.join(', ')}` : '';
  const summary = `The visitor asked ${options.animalName} ${count}${about}.`;
  return {
    summary:
      summary.length > options.maxLength ? `${summary.slice(0, options.maxLength - 1)}…` : summary,
    topics,
  };
}
