/**
 * Finds the module specifiers of a JavaScript module's static imports, re-exports and dynamic
 * imports with a string literal. A small tokenizer instead of the TypeScript compiler API: loading
 * `typescript` would cost the engine about 8 MB of heap and 60 MB of RSS for good, to save the few
 * hundred lines it takes to skip strings, comments, template literals and regular expressions.
 *
 * @module
 */

/** One specifier: its text and where that text (inside the quotes) starts and ends. */
export interface ImportSpecifier {
  value: string;
  start: number;
  end: number;
}

interface Token {
  kind: 'word' | 'string' | 'punctuator' | 'other';
  value: string;
  /** For strings: the offsets of the text between the quotes. */
  start: number;
  end: number;
}

// After these words an expression starts, so a `/` opens a regular expression, not a division.
const expressionKeywords = new Set([
  'await',
  'case',
  'delete',
  'do',
  'else',
  'in',
  'instanceof',
  'new',
  'of',
  'return',
  'throw',
  'typeof',
  'void',
  'yield',
]);

/**
 * The specifiers of `import … from 'x'`, `import 'x'`, `export … from 'x'` and `import('x')`,
 * in source order. Text in strings, comments, template literals and regular expressions is never
 * mistaken for an import.
 *
 * @example
 * ```ts
 * findImportSpecifiers(`import { a } from './a.ts'; // from './b.ts'`);
 * // [{ value: './a.ts', start: 19, end: 25 }]
 * ```
 */
export function findImportSpecifiers(code: string): ImportSpecifier[] {
  const tokens = tokenize(code);
  const found: ImportSpecifier[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.kind !== 'word' || (token.value !== 'import' && token.value !== 'export')) continue;
    // `object.import(...)` and `object?.export` are property names, not module syntax.
    const previous = tokens[index - 1];
    if (previous?.kind === 'punctuator' && (previous.value === '.' || previous.value === '?.'))
      continue;
    const next = tokens[index + 1];
    if (token.value === 'import' && next?.value === '(') {
      const argument = tokens[index + 2];
      const after = tokens[index + 3];
      if (argument?.kind === 'string' && (after?.value === ')' || after?.value === ','))
        found.push(toSpecifier(argument));
      continue;
    }
    if (token.value === 'import' && next?.kind === 'string') {
      found.push(toSpecifier(next));
      continue;
    }
    if (token.value === 'export' && next?.value !== '{' && next?.value !== '*') continue;
    const source = findFromClause(tokens, index + 1);
    if (source !== undefined) found.push(toSpecifier(source));
  }
  return found;
}

/** Walks an import or export clause (`x, { a as b }`, `* as ns`) to its `from '...'`, if any. */
function findFromClause(tokens: Token[], first: number): Token | undefined {
  let insideBraces = false;
  for (let index = first; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const next = tokens[index + 1];
    if (insideBraces) {
      if (token.value === '}') insideBraces = false;
      else if (token.kind !== 'word' && token.kind !== 'string' && token.value !== ',')
        return undefined;
    } else if (token.kind === 'word' && token.value === 'from' && next?.kind === 'string') {
      return next;
    } else if (token.value === '{') {
      insideBraces = true;
    } else if (token.kind !== 'word' && token.value !== ',' && token.value !== '*') {
      return undefined;
    }
  }
  return undefined;
}

function toSpecifier(token: Token): ImportSpecifier {
  return { value: token.value, start: token.start, end: token.end };
}

/** Words, strings and punctuators; whitespace, comments, templates and regexes are skipped or opaque. */
function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  // Brace depths at which an open `${` of a template literal resumes the template.
  const templateResumeDepths: number[] = [];
  let braceDepth = 0;
  let index = code.startsWith('#!') ? lineEnd(code, 0) : 0;
  while (index < code.length) {
    const character = code[index] as string;
    const following = code[index + 1];
    if (/\s/.test(character)) {
      index += 1;
    } else if (character === '/' && following === '/') {
      index = lineEnd(code, index);
    } else if (character === '/' && following === '*') {
      const close = code.indexOf('*/', index + 2);
      index = close === -1 ? code.length : close + 2;
    } else if (character === "'" || character === '"') {
      const end = stringEnd(code, index);
      const value = code.slice(index + 1, end - 1);
      tokens.push({ kind: 'string', value, start: index + 1, end: end - 1 });
      index = end;
    } else if (
      character === '`' ||
      (character === '}' && templateResumeDepths.at(-1) === braceDepth)
    ) {
      if (character === '}') templateResumeDepths.pop();
      index = templateEnd(code, index + 1, templateResumeDepths, braceDepth);
      tokens.push(templatePartToken(code, index));
    } else if (character === '/' && regexMayStart(tokens.at(-1))) {
      index = regexEnd(code, index + 1);
      tokens.push({ kind: 'other', value: '/', start: index, end: index });
    } else if (/[\w$#\\]/.test(character) || character.charCodeAt(0) > 0x7f) {
      const start = index;
      while (index < code.length && isWordCharacter(code[index] as string)) index += 1;
      tokens.push({ kind: 'word', value: code.slice(start, index), start, end: index });
    } else {
      const value = punctuatorAt(code, index);
      if (value === '{') braceDepth += 1;
      if (value === '}') braceDepth -= 1;
      tokens.push({ kind: 'punctuator', value, start: index, end: index + value.length });
      index += value.length;
    }
  }
  return tokens;
}

/** A template part ending in `${` starts an expression (a `/` there opens a regex); one ending in a backtick is a value. */
function templatePartToken(code: string, end: number): Token {
  const opensExpression = code[end - 1] === '{';
  return opensExpression
    ? { kind: 'punctuator', value: '${', start: end - 2, end }
    : { kind: 'other', value: '`', start: end, end };
}

function isWordCharacter(character: string): boolean {
  return /[\w$#\\]/.test(character) || character.charCodeAt(0) > 0x7f;
}

function punctuatorAt(code: string, index: number): string {
  if (code.startsWith('...', index)) return '...';
  // `?.` is optional chaining unless a digit follows (`a ?.5 : b` is a conditional).
  if (code.startsWith('?.', index) && !/\d/.test(code[index + 2] ?? '')) return '?.';
  if (code.startsWith('++', index) || code.startsWith('--', index))
    return code.slice(index, index + 2);
  return code[index] as string;
}

/** Whether a `/` after `previous` starts a regular expression (an expression may begin there). */
function regexMayStart(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'word') return expressionKeywords.has(previous.value);
  if (previous.kind === 'punctuator') return ![')', ']', '}', '++', '--'].includes(previous.value);
  return false;
}

function lineEnd(code: string, index: number): number {
  const newline = code.indexOf('\n', index);
  return newline === -1 ? code.length : newline;
}

/** The offset just after the closing quote of the string starting at `index`. */
function stringEnd(code: string, index: number): number {
  const quote = code[index];
  let position = index + 1;
  while (position < code.length && code[position] !== quote && code[position] !== '\n')
    position += code[position] === '\\' ? 2 : 1;
  return Math.min(position + 1, code.length);
}

/** Skips template text from `index` up to the closing backtick or an opening `${`. */
function templateEnd(
  code: string,
  index: number,
  templateResumeDepths: number[],
  braceDepth: number,
): number {
  let position = index;
  while (position < code.length) {
    const character = code[position];
    if (character === '\\') position += 2;
    else if (character === '`') return position + 1;
    else if (character === '$' && code[position + 1] === '{') {
      templateResumeDepths.push(braceDepth);
      return position + 2;
    } else position += 1;
  }
  return position;
}

/** The offset just after a regular expression literal's flags; `index` follows its first `/`. */
function regexEnd(code: string, index: number): number {
  let position = index;
  let inClass = false;
  while (position < code.length && code[position] !== '\n') {
    const character = code[position];
    if (character === '\\') position += 1;
    else if (character === '[') inClass = true;
    else if (character === ']') inClass = false;
    else if (character === '/' && !inClass) break;
    position += 1;
  }
  position += 1;
  while (position < code.length && /[a-z]/i.test(code[position] as string)) position += 1;
  return position;
}
