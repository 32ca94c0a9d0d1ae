import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cmz/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenService } from '../auth/token-service.ts';
import { createRepositories, type Repositories } from '../persistence/repositories.ts';
import { startTestStore, type TestStore } from '../persistence/test-store.ts';
import { createMedia } from './create-media.ts';
import { createMediaFiles } from './media-files.ts';
import { sniffMedia } from './media-types.ts';
import { readMediaSettings, specMaxMediaBytes } from './upload-limits.ts';

let store: TestStore;
let repositories: Repositories;
beforeAll(async () => {
  store = await startTestStore();
  repositories = createRepositories({ document: store.document, tableNames: store.tableNames });
});
afterAll(async () => {
  await store.close();
});

describe('media settings', () => {
  it('defaults to DATA_DIR/media and 25 MiB, and refuses bad limits', () => {
    expect(readMediaSettings({}, '/data')).toEqual({
      directory: '/data/media',
      maxBytes: 25 * 1024 * 1024,
    });
    expect(readMediaSettings({ MEDIA_DIR: '/m', MEDIA_MAX_BYTES: '10' }, '/data')).toEqual({
      directory: '/m',
      maxBytes: 10,
    });
    expect(() => readMediaSettings({ MEDIA_MAX_BYTES: 'lots' }, '/data')).toThrow(
      /MEDIA_MAX_BYTES/,
    );
    expect(() =>
      readMediaSettings({ MEDIA_MAX_BYTES: String(specMaxMediaBytes + 1) }, '/data'),
    ).toThrow(/MEDIA_MAX_BYTES/);
  });
});

describe('media files', () => {
  it('writes whole files under the id only and removes them idempotently', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cmz-media-'));
    const files = createMediaFiles(join(directory, 'nested'));
    await files.write('media_1', Buffer.from('abc'));
    expect(await readFile(files.pathOf('media_1'), 'utf8')).toBe('abc');
    expect(await readdir(files.directory)).toEqual(['media_1']);
    await expect(files.write('media_1', Buffer.from('again'))).resolves.toBeUndefined();
    await files.remove('media_1');
    await files.remove('media_1');
    expect(await readdir(files.directory)).toEqual([]);
    expect(() => files.pathOf('../etc/passwd')).toThrow(/not a media id/);
  });
});

describe('sniffing', () => {
  it('knows nothing of plain text', async () => {
    expect(await sniffMedia(Buffer.from('hello'))).toEqual({ allowed: false, detected: undefined });
  });
});

describe('deleting referenced media', () => {
  it('is refused (403) while an animal shows it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cmz-media-'));
    const media = createMedia({
      environment: {},
      dataDirectory: directory,
      repositories,
      tokens: {} as TokenService,
      logger: createLogger({ level: 'silent' }),
    });
    const mediaId = repositories.media.newId();
    await repositories.media.create(mediaId, {
      kind: 'image',
      mimeType: 'image/png',
      fileSize: 3,
      extension: 'png',
    });
    await repositories.animals.create({
      name: 'Pictured',
      species: 'Lion',
      imageUrl: `https://zoo.example/api/media/file/${mediaId}`,
    });
    const input = (query: Record<string, unknown>) => ({
      operationId: 'media_delete',
      params: {},
      query,
      body: undefined,
      principal: null,
      request: {} as never,
    });
    await expect(media.handlers.media_delete?.(input({ mediaId }))).rejects.toMatchObject({
      status: 403,
    });
    // Another id that merely starts the same is not referenced.
    const other = `${mediaId}x`;
    await repositories.media.create(other, {
      kind: 'image',
      mimeType: 'image/png',
      fileSize: 3,
      extension: 'png',
    });
    await expect(media.handlers.media_delete?.(input({ mediaId: other }))).resolves.toEqual({
      status: 204,
    });
    await expect(media.handlers.media_delete?.(input({ mediaId: 'bad id' }))).rejects.toMatchObject(
      { status: 400 },
    );
  });
});
