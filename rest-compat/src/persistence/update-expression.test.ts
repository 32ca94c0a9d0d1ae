import { describe, expect, it } from 'vitest';
import { buildUpdate } from './update-expression.ts';

describe('update expressions', () => {
  it('sets values, removes nulls and skips undefined', () => {
    expect(buildUpdate({ name: 'Ana', phone: null, age: undefined })).toEqual({
      UpdateExpression: 'SET #f0 = :f0 REMOVE #f1',
      ExpressionAttributeNames: { '#f0': 'name', '#f1': 'phone' },
      ExpressionAttributeValues: { ':f0': 'Ana' },
    });
  });

  it('handles remove-only and empty changes', () => {
    expect(buildUpdate({ phone: null })?.UpdateExpression).toBe('REMOVE #f0');
    expect(buildUpdate({ age: undefined })).toBeUndefined();
    expect(buildUpdate({})).toBeUndefined();
  });
});
