/**
 * Splits a document's text into sections short enough to be one fact card each: Markdown
 * headings start a section (and name it), blank lines separate paragraphs, consecutive short
 * paragraphs share a section, and a long paragraph is cut between sentences.
 *
 * @module
 */

/** One section: its heading (if the document had one above it) and its text. */
export interface DocumentSection {
  heading?: string;
  text: string;
}

/**
 * Splits `text` into sections of at most `maxLength` characters.
 *
 * @example
 * ```ts
 * splitSections('# Food\n\nI eat meat.\n\n# Sleep\n\nI nap all day.', 800);
 * // [{ heading: 'Food', text: 'I eat meat.' }, { heading: 'Sleep', text: 'I nap all day.' }]
 * ```
 */
export function splitSections(text: string, maxLength: number): DocumentSection[] {
  const sections: DocumentSection[] = [];
  let heading: string | undefined;
  let current = '';
  const flush = () => {
    if (current !== '')
      sections.push(heading === undefined ? { text: current } : { heading, text: current });
    current = '';
  };
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').map((line) => line.trim());
    const headingLine = lines.findIndex((line) => /^#{1,6}\s+\S/.test(line));
    if (headingLine >= 0) {
      addParagraph(lines.slice(0, headingLine).join(' '));
      flush();
      heading = (lines[headingLine] ?? '').replace(/^#{1,6}\s+/, '').replace(/\s+#*$/, '');
      addParagraph(lines.slice(headingLine + 1).join(' '));
      continue;
    }
    addParagraph(lines.join(' '));
  }
  flush();
  return sections;

  function addParagraph(raw: string): void {
    const paragraph = raw.replace(/\s+/g, ' ').trim();
    if (paragraph === '') return;
    for (const piece of pieces(paragraph, maxLength)) {
      if (current !== '' && current.length + 1 + piece.length > maxLength) flush();
      current = current === '' ? piece : `${current}\n${piece}`;
    }
  }
}

/** A paragraph cut between sentences (and, for a sentence too long, between words). */
function pieces(paragraph: string, maxLength: number): string[] {
  if (paragraph.length <= maxLength) return [paragraph];
  const result: string[] = [];
  let piece = '';
  for (const sentence of paragraph.split(/(?<=[.!?])\s+/)) {
    for (const part of hardCut(sentence, maxLength)) {
      if (piece !== '' && piece.length + 1 + part.length > maxLength) {
        result.push(piece);
        piece = '';
      }
      piece = piece === '' ? part : `${piece} ${part}`;
    }
  }
  if (piece !== '') result.push(piece);
  return result;
}

function hardCut(sentence: string, maxLength: number): string[] {
  const parts: string[] = [];
  let rest = sentence;
  while (rest.length > maxLength) {
    const space = rest.lastIndexOf(' ', maxLength);
    const at = space > maxLength / 2 ? space : maxLength;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}
