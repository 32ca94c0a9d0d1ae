import bcrypt from 'bcryptjs';
import { describe, expect, it, vi } from 'vitest';
import { testBcryptCost } from './auth-test-kit.ts';
import { createPasswordHasher, productionBcryptCost } from './password-hashing.ts';

describe('password hashing', () => {
  const hasher = createPasswordHasher({ cost: testBcryptCost });

  it('uses cost 12 by default (production)', async () => {
    expect(productionBcryptCost).toBe(12);
    const spy = vi.spyOn(bcrypt, 'hash').mockResolvedValue('$2b$12$stub' as never);
    await createPasswordHasher().hashPassword('Zebra#2024');
    expect(spy).toHaveBeenCalledWith('Zebra#2024', 12);
    spy.mockRestore();
  });

  it('hashes with a salt and the configured cost, and verifies', async () => {
    const first = await hasher.hashPassword('Zebra#2024');
    const second = await hasher.hashPassword('Zebra#2024');
    expect(first).not.toBe(second);
    expect(first).not.toContain('Zebra#2024');
    expect(bcrypt.getRounds(first)).toBe(testBcryptCost);
    expect(await hasher.verifyPassword('Zebra#2024', first)).toBe(true);
    expect(await hasher.verifyPassword('zebra#2024', first)).toBe(false);
  });

  it('still runs one comparison, against a same-cost dummy hash, when there is no hash', async () => {
    const compare = vi.spyOn(bcrypt, 'compare');
    expect(await hasher.verifyPassword('Zebra#2024', undefined)).toBe(false);
    expect(await hasher.verifyPassword('Zebra#2024', '')).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
    const dummy = compare.mock.calls[0]?.[1];
    expect(typeof dummy).toBe('string');
    expect(bcrypt.getRounds(dummy as string)).toBe(testBcryptCost);
    compare.mockRestore();
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await hasher.verifyPassword('Zebra#2024', 'not-a-bcrypt-hash')).toBe(false);
    const compare = vi.spyOn(bcrypt, 'compare').mockRejectedValueOnce(new Error('Illegal'));
    expect(await hasher.verifyPassword('Zebra#2024', '$2b$04$x')).toBe(false);
    compare.mockRestore();
  });
});
