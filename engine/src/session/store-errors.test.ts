import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { guardStoreMethods, withStoreErrors } from './store-errors.ts';

describe('store errors', () => {
  it('turns a failure of the backend into a temporary store error and keeps engine errors', async () => {
    await expect(
      withStoreErrors(() => Promise.reject(new Error('Command timed out'))),
    ).rejects.toMatchObject({
      code: 'CMZ_ERR_STORE_UNAVAILABLE',
      temporary: true,
    });
    await expect(
      withStoreErrors(() => Promise.reject(new EngineError('CMZ_ERR_ROOM_NOT_FOUND'))),
    ).rejects.toMatchObject({ code: 'CMZ_ERR_ROOM_NOT_FOUND' });
  });

  it('guards every method of a store, with its own `this`, and leaves other fields alone', async () => {
    const store = guardStoreMethods({
      limit: 3,
      async read(key: string) {
        return `${key}:${this.limit}`;
      },
      async vote() {
        throw new Error('Connection is closed');
      },
      count() {
        throw new TypeError('sync failure');
      },
    });
    expect(store.limit).toBe(3);
    expect(await store.read('a')).toBe('a:3');
    await expect(store.vote()).rejects.toMatchObject({ code: 'CMZ_ERR_STORE_UNAVAILABLE' });
    await expect(Promise.resolve().then(() => store.count())).rejects.toMatchObject({
      code: 'CMZ_ERR_STORE_UNAVAILABLE',
    });
  });
});
