import { describe, expect, it } from 'vitest';
import { hashIdentifier } from '@cmz/engine';
import { createRecordingLogger } from './auth-test-kit.ts';
import { createDevelopmentResetDelivery } from './development-reset-delivery.ts';

describe('development reset delivery', () => {
  it('logs the reset token with a hashed user reference, as a warning', async () => {
    const logger = createRecordingLogger();
    await createDevelopmentResetDelivery(logger, { production: false })('user_1', 'reset-token');
    expect(logger.calls).toEqual([
      {
        level: 'warn',
        fields: {
          operation: 'auth.reset_token_development',
          user: hashIdentifier('user_1'),
          resetToken: 'reset-token',
        },
        message: 'DEVELOPMENT ONLY: password reset token (would be emailed in production)',
      },
    ]);
  });

  it('refuses to be created in production', () => {
    expect(() =>
      createDevelopmentResetDelivery(createRecordingLogger(), { production: true }),
    ).toThrow(expect.objectContaining({ code: 'CMZ_ERR_CONFIG_INVALID' }));
  });
});
