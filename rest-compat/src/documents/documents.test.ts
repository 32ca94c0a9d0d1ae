import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askAsVisitor, personalityBody, upload } from '../assistants/assistant-test-kit.ts';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';
import { loadDocumentLimits } from './document-limits.ts';
import { decodeUtf8, sniffDocument } from './sniff-document.ts';
import { splitSections } from './split-sections.ts';

/** A one-page PDF whose text layer holds `lines` (Helvetica, no compression). */
function buildPdf(lines: string[]): Uint8Array {
  const content = [
    'BT',
    '/F1 12 Tf',
    '72 720 Td',
    ...lines.flatMap((line, index) => [index === 0 ? '' : '0 -16 Td', `(${line}) Tj`]),
    'ET',
  ]
    .filter((line) => line !== '')
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
]);
const markdown = [
  '# Leo at night',
  '',
  'At night I patrol my moonlit rocks and listen for the owls. My favourite night snack is a frozen bone.',
  '',
  '## Mane care',
  '',
  'Keepers brush my golden mane with a giant broom every Tuesday, and I purr like a huge kitten.',
].join('\n');

let rest: RestTestServer;
let keeper: string;

beforeAll(async () => {
  rest = await startRestTestServer({ environment: { KNOWLEDGE_FILE_MAX_BYTES: '4096' } });
  keeper = await rest.signIn('zookeeper@cmz.org');
});
afterAll(() => rest.close());

const citedTitles = async (animalId: string, question: string) =>
  (await askAsVisitor(rest, animalId, question))?.citations.map((citation) => citation.title) ?? [];

describe('animal documents', () => {
  it('a knowledge upload changes a cited answer; deleting it takes the cards away', async () => {
    const question = 'Who brushes your mane with a broom?';
    expect(await citedTitles('leo', question)).not.toContain('Leo facts: Mane care');

    const uploaded = await upload(
      rest,
      '/animal/leo/documents',
      keeper,
      {
        name: 'leo-facts.md',
        bytes: markdown,
        // The client's type is not trusted: the bytes say Markdown.
        type: 'image/png',
      },
      { title: 'Leo facts', description: 'Night and grooming', tags: ['mane', 'broom'] },
    );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const document = uploaded.body as { documentId: string; fileId: string; fileSize: number };
    expect(uploaded.body).toMatchObject({ fileName: 'leo-facts.md', status: 'completed' });
    expect(document.documentId).toBe(document.fileId);
    expect(document.fileSize).toBe(new TextEncoder().encode(markdown).length);

    const end = await askAsVisitor(rest, 'leo', question);
    expect(end?.citations.map((citation) => citation.title)).toContain('Leo facts: Mane care');
    expect(end?.text).toMatch(/broom|mane/i);

    const listed = await rest.call('GET', '/animal/leo/documents', { token: keeper });
    expect((listed.body as { documents: { documentId: string }[] }).documents).toEqual([
      expect.objectContaining({ documentId: document.documentId, status: 'completed' }),
    ]);
    const cards = await rest.call('GET', '/animal/leo/fact_cards', { token: keeper });
    const titles = (cards.body as { cards: { title: string }[] }).cards.map((card) => card.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Leo facts: Leo at night', 'Leo facts: Mane care']),
    );

    expect(
      (
        await rest.call('DELETE', `/animal/bella/documents/${document.documentId}`, {
          token: keeper,
        })
      ).status,
    ).toBe(404);
    const deleted = await rest.call('DELETE', `/animal/leo/documents/${document.documentId}`, {
      token: keeper,
    });
    expect(deleted.status).toBe(204);
    expect(await citedTitles('leo', question)).not.toContain('Leo facts: Mane care');
    expect((await rest.call('GET', '/animal/leo/documents', { token: keeper })).body).toEqual({
      documents: [],
    });
    expect(
      (await rest.call('DELETE', `/animal/leo/documents/${document.documentId}`, { token: keeper }))
        .status,
    ).toBe(404);
  });

  it('reads the text of a PDF', async () => {
    const pdf = buildPdf([
      'Leo has a favourite blue ball called Marbles.',
      'He chases Marbles every morning.',
    ]);
    const uploaded = await upload(
      rest,
      '/animal/leo/documents',
      keeper,
      { name: 'ball.pdf', bytes: pdf },
      { title: 'Blue ball' },
    );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(await citedTitles('leo', 'Tell me about your blue ball Marbles')).toContain('Blue ball');
  });

  it('enforces size and type, from the bytes, and refuses unsafe text', async () => {
    const tooBig = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'big.txt',
      bytes: 'a '.repeat(2500),
    });
    expect(tooBig).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    const hugeDeclared = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'huge.txt',
      bytes: 'a'.repeat(80_000),
    });
    expect(hugeDeclared.status).toBe(413);
    const image = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'notes.txt',
      bytes: png,
      type: 'text/plain',
    });
    expect(image).toMatchObject({
      status: 415,
      body: { code: 'unsupported_media_type', details: { detected: 'image/png' } },
    });
    const binary = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'data.txt',
      bytes: new Uint8Array([0, 1, 2, 3, 255]),
    });
    expect(binary.status).toBe(415);
    const brokenPdf = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'x.pdf',
      bytes: '%PDF-1.4\nnot really a pdf',
    });
    expect(brokenPdf.status).toBe(400);
    const empty = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'empty.txt',
      bytes: '',
    });
    expect(empty.status).toBe(400);
    const blank = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'blank.txt',
      bytes: '   \n\n  ',
    });
    expect(blank).toMatchObject({ status: 400, body: { details: { reason: 'no_text' } } });
    const wrongField = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'a.txt',
      bytes: 'hello',
      field: 'attachment',
    });
    expect(wrongField.status).toBe(400);
    const unsafe = await upload(rest, '/animal/leo/documents', keeper, {
      name: 'bad.txt',
      bytes: 'I love naps.\n\nThis is fucking great.',
    });
    expect(unsafe).toMatchObject({
      status: 422,
      body: { code: 'unsafe_content', details: { sections: [{ section: 1 }] } },
    });
    expect((await rest.call('GET', '/animal/leo/documents', { token: keeper })).body).toMatchObject(
      {
        documents: [expect.objectContaining({ fileName: 'ball.pdf' })],
      },
    );
    const unknownAnimal = await upload(rest, '/animal/unicorn/documents', keeper, {
      name: 'a.txt',
      bytes: 'hello',
    });
    expect(unknownAnimal.status).toBe(404);
  });

  it('checks the role before reading a body, and wants a Content-Length', async () => {
    const educator = await rest.signIn('educator@cmz.org');
    expect(
      (await upload(rest, '/animal/leo/documents', undefined, { name: 'a.txt', bytes: 'hi' }))
        .status,
    ).toBe(401);
    expect(
      (await upload(rest, '/animal/leo/documents', educator, { name: 'a.txt', bytes: 'hi' }))
        .status,
    ).toBe(403);
    expect((await rest.call('GET', '/animal/leo/documents', { token: educator })).status).toBe(403);
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${rest.api}/animal/leo/documents`);
      const outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${keeper}`,
            'content-type': 'multipart/form-data; boundary=x',
            'transfer-encoding': 'chunked',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end('--x--\r\n');
    });
    expect(chunked).toBe(411);
  });
});

describe('assistant knowledge files', () => {
  it('upload, list, read and delete through the assistant', async () => {
    const personality = await rest.call('POST', '/personality', {
      token: keeper,
      body: personalityBody('Charlie kb', 'CHARLIE'),
    });
    const assistant = await rest.call('POST', '/assistant', {
      token: keeper,
      body: {
        animalId: 'charlie',
        personalityId: (personality.body as { personalityId: string }).personalityId,
        guardrailId: 'g',
      },
    });
    const assistantId = (assistant.body as { assistantId: string }).assistantId;
    const base = `/assistant/${assistantId}/knowledge`;
    const uploaded = await upload(
      rest,
      base,
      keeper,
      {
        name: 'charlie.txt',
        bytes: 'Charlie splashes in the pond every afternoon with a bright red bucket.',
      },
      { description: 'Pond time' },
    );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const file = uploaded.body as { fileId: string };
    expect(uploaded.body).toMatchObject({
      assistantId,
      originalName: 'charlie.txt',
      mimeType: 'text/plain',
      processingStatus: 'COMPLETED',
      processingError: null,
      contentValidation: { safe: true, ageAppropriate: true },
    });
    expect(file.fileId).toMatch(/^kb-[0-9a-f]{16}$/);
    expect(
      await citedTitles('charlie', 'What do you do with the red bucket in the pond?'),
    ).toContain('charlie');

    const listed = await rest.call('GET', `${base}?status=COMPLETED`, { token: keeper });
    expect(listed.body).toMatchObject({ total: 1, totalSize: 70 });
    expect((await rest.call('GET', `${base}?status=FAILED`, { token: keeper })).body).toMatchObject(
      { total: 0 },
    );
    expect(
      (await rest.call('GET', `${base}/${file.fileId}`, { token: keeper })).body,
    ).toMatchObject({ fileId: file.fileId });
    // The animal's document list shows it too.
    const animalDocuments = await rest.call('GET', '/animal/charlie/documents', { token: keeper });
    expect(animalDocuments.body).toMatchObject({
      documents: [expect.objectContaining({ fileId: file.fileId })],
    });

    // The assistant may name its files.
    const named = await rest.call('PUT', `/assistant/${assistantId}`, {
      token: keeper,
      body: { knowledgeBaseFileIds: [file.fileId] },
    });
    expect(named).toMatchObject({ status: 200, body: { knowledgeBaseFileIds: [file.fileId] } });
    expect((named.body as { mergedPrompt: string }).mergedPrompt).toContain('- charlie.txt');

    expect((await rest.call('DELETE', `${base}/${file.fileId}`, { token: keeper })).status).toBe(
      204,
    );
    expect((await rest.call('GET', `${base}/${file.fileId}`, { token: keeper })).status).toBe(404);
    expect(
      await citedTitles('charlie', 'What do you do with the red bucket in the pond?'),
    ).not.toContain('charlie');
    expect(
      (await rest.call('GET', '/assistant/x_missing/knowledge', { token: keeper })).status,
    ).toBe(404);
    expect(
      (await upload(rest, '/assistant/x_missing/knowledge', keeper, { name: 'a.txt', bytes: 'hi' }))
        .status,
    ).toBe(404);
  });
});

describe('document helpers', () => {
  it('split text into sections under headings, cutting long paragraphs between sentences', () => {
    expect(splitSections('# Food\n\nI eat meat.\n\n# Sleep\n\nI nap all day.', 800)).toEqual([
      { heading: 'Food', text: 'I eat meat.' },
      { heading: 'Sleep', text: 'I nap all day.' },
    ]);
    const long = Array.from({ length: 30 }, (_, index) => `Sentence number ${index} is here.`).join(
      ' ',
    );
    const sections = splitSections(long, 120);
    expect(sections.length).toBeGreaterThan(5);
    expect(sections.every((section) => section.text.length <= 120)).toBe(true);
    expect(sections.map((section) => section.text).join(' ')).toBe(long);
    const word = splitSections('x'.repeat(300), 100);
    expect(word.map((section) => section.text.length)).toEqual([100, 100, 100]);
    expect(splitSections('intro line\n# Title\nbody', 800)).toEqual([
      { text: 'intro line' },
      { heading: 'Title', text: 'body' },
    ]);
  });

  it('sniff kinds from bytes', async () => {
    expect(await sniffDocument(new TextEncoder().encode('just words'))).toBe('text');
    expect(await sniffDocument(new TextEncoder().encode('- a list\n- of things'))).toBe('markdown');
    expect(await sniffDocument(buildPdf(['x']))).toBe('pdf');
    expect(decodeUtf8(new Uint8Array([0xff, 0xfe, 0x00]))).toBeUndefined();
  });

  it('read KNOWLEDGE_FILE_MAX_BYTES', () => {
    expect(loadDocumentLimits({}).maxBytes).toBe(2 * 1024 * 1024);
    expect(loadDocumentLimits({ KNOWLEDGE_FILE_MAX_BYTES: '2048' }).maxBytes).toBe(2048);
    expect(() => loadDocumentLimits({ KNOWLEDGE_FILE_MAX_BYTES: 'lots' })).toThrow(
      /KNOWLEDGE_FILE_MAX_BYTES/,
    );
  });
});
