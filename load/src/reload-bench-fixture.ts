/**
 * Source files of a realistic quiz plugin for the reload benchmark: an entry with hooks, an event,
 * routes, setup and state migration, plus a questions table, scoring and formatting modules
 * (about 20 KB of TypeScript in all). `revision` changes one small module, which is enough to give
 * the whole directory a new content hash: the worst case for a reload.
 *
 * @module
 */

const animals = ['bella', 'charlie', 'chase', 'dasher', 'leo', 'nova', 'pokey'];
const questionCount = 40;

/**
 * The plugin's files, keyed by path relative to the plugin directory.
 *
 * @example
 * ```ts
 * const fixture = await createPluginFixture('quiz', quizPluginFiles(0));
 * await fixture.write({ 'src/revision.ts': revisionSource(1) });
 * ```
 */
export function quizPluginFiles(revision: number): Record<string, string> {
  return {
    'src/index.ts': entrySource,
    'src/questions.ts': questionsSource(),
    'src/scoring.ts': scoringSource,
    'src/format.ts': formatSource,
    'src/revision.ts': revisionSource(revision),
    'README.md': '# quiz\n\nAnimal quiz questions for the digital ambassadors.\n',
  };
}

/**
 * The one module that changes between code versions.
 *
 * @example
 * ```ts
 * revisionSource(3); // "export const revision = 3;\n"
 * ```
 */
export function revisionSource(revision: number): string {
  return `export const revision = ${revision};\n`;
}

function questionsSource(): string {
  const rows = Array.from({ length: questionCount }, (_, index) => {
    const animal = animals[index % animals.length] ?? 'leo';
    return `  {
    id: 'q${String(index).padStart(3, '0')}',
    animalId: '${animal}',
    prompt: 'Question ${index} about ${animal}: which of these is true about how I live at the zoo?',
    choices: ['I sleep all winter long', 'I eat about ${index + 2} kg of food a day', 'I can swim across the lake', 'I was born on the moon'],
    answer: ${index % 4},
    fact: 'Keepers weigh ${animal} every ${(index % 6) + 1} weeks to make sure the diet is just right.',
    difficulty: '${['easy', 'medium', 'hard'][index % 3]}',
  },`;
  });
  return `/** The question bank. */
export interface Question {
  id: string;
  animalId: string;
  prompt: string;
  choices: string[];
  answer: number;
  fact: string;
  difficulty: 'easy' | 'medium' | 'hard';
}

export const questions: Question[] = [
${rows.join('\n')}
];

export function questionsFor(animalId: string): Question[] {
  return questions.filter((question) => question.animalId === animalId);
}
`;
}

const scoringSource = `import type { Question } from './questions.ts';

export interface Score {
  asked: number;
  correct: number;
  streak: number;
  best: number;
}

export const emptyScore: Score = { asked: 0, correct: 0, streak: 0, best: 0 };

const weights = { easy: 1, medium: 2, hard: 3 } as const;

export function grade(question: Question, choice: number): boolean {
  return question.answer === choice;
}

export function nextScore(score: Score, question: Question, choice: number): Score {
  const correct = grade(question, choice);
  const streak = correct ? score.streak + 1 : 0;
  return {
    asked: score.asked + 1,
    correct: score.correct + (correct ? weights[question.difficulty] : 0),
    streak,
    best: Math.max(score.best, streak),
  };
}

export function percentage(score: Score): number {
  return score.asked === 0 ? 0 : Math.round((100 * score.correct) / (score.asked * 3));
}
`;

const formatSource = `import type { Question } from './questions.ts';
import { percentage, type Score } from './scoring.ts';

const letters = ['A', 'B', 'C', 'D'];

export function formatQuestion(question: Question, revision: number): string {
  const lines = question.choices.map((choice, index) => \`\${letters[index]}) \${choice}\`);
  return [\`Quiz time (rev \${revision})! \${question.prompt}\`, ...lines].join('\\n');
}

export function formatScore(score: Score): string {
  return \`You answered \${score.asked} questions: \${percentage(score)}% (best streak \${score.best}).\`;
}

export function formatFact(question: Question): string {
  return \`Did you know? \${question.fact}\`;
}
`;

const entrySource = `import { definePlugin } from '@cmz/engine';
import { z } from 'zod';
import { formatFact, formatQuestion, formatScore } from './format.ts';
import { questions, questionsFor } from './questions.ts';
import { revision } from './revision.ts';
import { emptyScore, nextScore, type Score } from './scoring.ts';

export default (options: Record<string, unknown> = {}) => {
  let asked = 0;
  const limit = typeof options.questionsPerRound === 'number' ? options.questionsPerRound : 5;
  return definePlugin({
    name: 'quiz',
    version: \`1.0.\${revision}\`,
    engine: '>=0.1.0',
    setup: async (context) => {
      await context.state.set('revision', revision);
      const timer = setInterval(() => undefined, 60_000);
      return () => clearInterval(timer);
    },
    hooks: {
      resolveIntent: (message, context) => {
        if (!/^quiz\\b/i.test(message.text)) return undefined;
        const pool = questionsFor(context.animal.id);
        const question = pool[asked++ % Math.max(1, pool.length)] ?? questions[0];
        if (question === undefined) return undefined;
        return { text: formatQuestion(question, revision), suggestions: ['A', 'B', 'C', 'D'] };
      },
      transformPrompt: (prompt, context) => {
        const facts = questionsFor(context.animal.id).slice(0, 2).map(formatFact);
        return { ...prompt, system: [...prompt.system, ...facts] };
      },
      onReplyEnd: () => undefined,
    },
    events: {
      answer: {
        schema: z.object({ questionId: z.string(), choice: z.number().int().min(0).max(3) }),
        handler: async (payload: { questionId: string; choice: number }, context) => {
          const question = questions.find((candidate) => candidate.id === payload.questionId);
          if (question === undefined) return { known: false };
          const key = \`score:\${context.visitor.visitorId}\`;
          const score = nextScore((await context.state.get<Score>(key)) ?? emptyScore, question, payload.choice);
          await context.state.set(key, score, { ttlSeconds: 3_600 });
          return { known: true, correct: question.answer === payload.choice, summary: formatScore(score), limit };
        },
      },
    },
    routes: (router) => {
      router.get('/questions', (_request, response) => {
        response.json(questions.map(({ id, animalId, difficulty }) => ({ id, animalId, difficulty })));
      });
    },
    web: { title: 'Quiz' },
    exportState: () => ({ asked }),
    migrate: (previousState) => {
      asked = (previousState as { asked?: number } | undefined)?.asked ?? 0;
    },
  });
};
`;
