import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';

// A real 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const maxBytes = 4096;

let rest: RestTestServer;
let zookeeper: string;
let admin: string;

beforeAll(async () => {
  rest = await startRestTestServer({ environment: { MEDIA_MAX_BYTES: String(maxBytes) } });
  zookeeper = await rest.signIn('zookeeper@cmz.org');
  admin = await rest.signIn('test@cmz.org');
});
afterAll(async () => {
  await rest.close();
});

interface Media {
  mediaId: string;
  url: string;
  kind: string;
  mimeType: string;
  fileSize: number;
  title?: string;
  tags: string[];
  animalId: string | null;
}

async function upload(
  bytes: Uint8Array,
  options: { token?: string; name?: string; type?: string; fields?: [string, string][] } = {},
): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([bytes], { type: options.type ?? 'image/png' }),
    options.name ?? 'x.png',
  );
  for (const [name, value] of options.fields ?? []) form.append(name, value);
  const response = await fetch(`${rest.api}/upload_media`, {
    method: 'POST',
    body: form,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  return { status: response.status, body: await response.json() };
}

describe('POST /upload_media', () => {
  it('stores an image and serves it back with safe headers', async () => {
    const { status, body } = await upload(png, {
      token: zookeeper,
      fields: [
        ['title', 'Pokey at noon'],
        ['animalId', 'pokey'],
        ['tags', 'porcupine'],
        ['tags', 'noon'],
        ['description', 'Pokey eats corn.'],
      ],
    });
    expect(status, JSON.stringify(body)).toBe(201);
    const media = body as Media;
    expect(media).toMatchObject({
      kind: 'image',
      mimeType: 'image/png',
      fileSize: png.length,
      title: 'Pokey at noon',
      animalId: 'pokey',
      tags: ['porcupine', 'noon'],
    });
    expect(media.url).toBe(`${rest.api}/media/file/${media.mediaId}`);
    const served = await fetch(media.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(served.headers.get('content-disposition')).toBe(
      `inline; filename="${media.mediaId}.png"`,
    );
  });

  it('sniffs the type from the bytes: a .png holding text is refused (415)', async () => {
    const { status, body } = await upload(Buffer.from('<script>alert(1)</script>'), {
      token: zookeeper,
      name: 'cute.png',
      type: 'image/png',
    });
    expect(status).toBe(415);
    expect(body).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('refuses a real file of a type the spec does not allow (415)', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const { status, body } = await upload(pdf, { token: zookeeper, name: 'a.png' });
    expect(status).toBe(415);
    expect(body).toMatchObject({ details: { detected: 'application/pdf' } });
  });

  it('refuses a file over MEDIA_MAX_BYTES (413)', async () => {
    const large = Buffer.concat([png, Buffer.alloc(maxBytes)]);
    const { status, body } = await upload(large, { token: zookeeper });
    expect(status).toBe(413);
    expect(body).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses a body far over the limit before reading it, and one without a length', async () => {
    const { status, body } = await upload(Buffer.alloc(200 * 1024), { token: zookeeper });
    expect(status).toBe(413);
    expect(body).toMatchObject({ code: 'payload_too_large', details: { maxBytes } });
    const chunked = await fetch(`${rest.api}/upload_media`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${zookeeper}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('--x--'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
  });

  it('refuses an unknown animal and bad tags', async () => {
    const unknown = await upload(png, { token: zookeeper, fields: [['animalId', 'unicorn']] });
    expect(unknown.status).toBe(400);
    const badTag = await upload(png, { token: zookeeper, fields: [['tags', 'no spaces']] });
    expect(badTag.status).toBe(400);
  });

  it('is for staff only', async () => {
    expect((await upload(png)).status).toBe(401);
    const student = await rest.signIn('student1@test.cmz.org');
    expect((await upload(png, { token: student })).status).toBe(403);
    expect((await upload(png, { token: admin })).status).toBe(201);
  });
});

describe('GET and DELETE /media', () => {
  it('finds one item by id or lists by animal and kind, for everyone', async () => {
    const created = (await upload(png, { token: zookeeper, fields: [['animalId', 'leo']] }))
      .body as Media;
    const one = await rest.call('GET', `/media?mediaId=${created.mediaId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ mediaId: created.mediaId, animalId: 'leo' });
    const list = await rest.call('GET', '/media?animalId=leo&kind=image');
    expect(list.status).toBe(200);
    expect((list.body as Media[]).map((media) => media.mediaId)).toContain(created.mediaId);
    const audio = await rest.call('GET', '/media?animalId=leo&kind=audio');
    expect(audio.body).toEqual([]);
    const limited = await rest.call('GET', '/media?limit=1');
    expect(limited.body as Media[]).toHaveLength(1);
    expect((await rest.call('GET', '/media?mediaId=media_missing')).status).toBe(404);
  });

  it('soft-deletes: the item and its file disappear from reads', async () => {
    const created = (await upload(png, { token: zookeeper })).body as Media;
    const student = await rest.signIn('student1@test.cmz.org');
    const forbidden = await rest.call('DELETE', `/media?mediaId=${created.mediaId}`, {
      token: student,
    });
    expect(forbidden.status).toBe(403);
    const deleted = await rest.call('DELETE', `/media?mediaId=${created.mediaId}`, {
      token: zookeeper,
    });
    expect(deleted.status).toBe(204);
    expect((await rest.call('GET', `/media?mediaId=${created.mediaId}`)).status).toBe(404);
    expect((await fetch(created.url)).status).toBe(404);
    const again = await rest.call('DELETE', `/media?mediaId=${created.mediaId}`, {
      token: zookeeper,
    });
    expect(again.status).toBe(404);
  });

  it('deletes permanently, file included', async () => {
    const created = (await upload(png, { token: zookeeper })).body as Media;
    const file = join(rest.server.config.DATA_DIR, 'media', created.mediaId);
    await access(file);
    const deleted = await rest.call('DELETE', `/media?mediaId=${created.mediaId}&permanent=true`, {
      token: admin,
    });
    expect(deleted.status).toBe(204);
    await expect(access(file)).rejects.toThrow();
  });

  it('answers 404 for the file of an unknown id', async () => {
    expect((await fetch(`${rest.api}/media/file/media_nothing`)).status).toBe(404);
    expect((await fetch(`${rest.api}/media/file/bad.id`)).status).toBe(404);
  });
});
