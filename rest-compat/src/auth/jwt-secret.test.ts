import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveJwtSecret } from './jwt-secret.ts';

describe('resolveJwtSecret', () => {
  const directories: string[] = [];
  const temporaryDirectory = async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cmz-jwt-'));
    directories.push(directory);
    return directory;
  };
  afterEach(async () => {
    await Promise.all(directories.splice(0).map((path) => rm(path, { recursive: true })));
  });

  it('returns JWT_SECRET from the environment without touching the disk or warning', async () => {
    const warn = vi.fn();
    const configured = 'x'.repeat(32);
    expect(await resolveJwtSecret(configured, '/nonexistent/dir', warn)).toBe(configured);
    expect(warn).not.toHaveBeenCalled();
  });

  it('generates, stores and reuses a development secret, warning once', async () => {
    const directory = await temporaryDirectory();
    const warn = vi.fn();
    const first = await resolveJwtSecret(undefined, directory, warn);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(join(directory, 'jwt-secret'), 'utf8')).trim()).toBe(first);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('JWT_SECRET is not set');
    expect(warn.mock.calls[0]?.[0]).not.toContain(first);
    expect(await resolveJwtSecret('', directory, warn)).toBe(first);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('refuses a short secret and a missing one in production', async () => {
    await expect(resolveJwtSecret('short', '/tmp', vi.fn())).rejects.toMatchObject({
      code: 'CMZ_ERR_CONFIG_INVALID',
    });
    await expect(
      resolveJwtSecret(undefined, '/tmp', vi.fn(), { production: true }),
    ).rejects.toMatchObject({ code: 'CMZ_ERR_CONFIG_INVALID' });
  });
});
