import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchPluginDirectories } from './plugin-watcher.ts';

let stop: (() => void) | undefined;
let directory: string | undefined;
afterEach(async () => {
  stop?.();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('watchPluginDirectories', () => {
  it('calls back once per burst of saves, and ignores node_modules', async () => {
    directory = await mkdtemp(join(tmpdir(), 'cmz-watch-'));
    await mkdir(join(directory, 'src'));
    await mkdir(join(directory, 'node_modules'));
    const changes: string[] = [];
    stop = watchPluginDirectories(new Map([['quiz', directory]]), (name) => changes.push(name), 50);
    await writeFile(join(directory, 'node_modules', 'ignored.js'), 'x');
    await pause(200);
    expect(changes).toEqual([]);
    await writeFile(join(directory, 'src', 'index.ts'), 'export default 1;');
    await writeFile(join(directory, 'src', 'index.ts'), 'export default 2;');
    for (let attempt = 0; attempt < 40 && changes.length === 0; attempt += 1) await pause(25);
    await pause(150);
    expect(changes).toEqual(['quiz']);
  });
});
