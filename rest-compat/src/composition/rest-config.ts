/**
 * The REST layer's environment, validated at start like the engine's. Every variable is optional:
 * the defaults run an embedded DynamoDB on local disk and the legacy port 8080.
 *
 * @module
 */
import { EngineError } from '@cmz/engine';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((value) => value === 'true' || value === '1');

export const restConfigSchema = z.object({
  /** The legacy port where old clients find the API at the root; `off` disables it. */
  REST_LEGACY_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65_535)])
    .default(8080),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://localhost:3001,http://localhost:3005'),
  DYNAMODB_ENDPOINT: optionalText,
  DYNAMODB_ENDPOINT_URL: optionalText,
  AWS_REGION: optionalText,
  JWT_SECRET: optionalText,
  NODE_ENV: z.string().default('development'),
  SEED_DEVELOPMENT_DATA: optionalText,
  REST_VALIDATE_RESPONSES: flag('true'),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** The zoo's time zone: a child's daily chat time starts again at its midnight. */
  ZOO_TIME_ZONE: z
    .string()
    .default('America/Los_Angeles')
    .refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles'),
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export type RestConfig = z.infer<typeof restConfigSchema> & {
  production: boolean;
  seedDevelopmentData: boolean;
  corsOrigins: string[];
  /** Real DynamoDB (AWS or a given endpoint) instead of the embedded server. */
  useEmbeddedDynamo: boolean;
};

/**
 * Validates the environment.
 *
 * @example
 * ```ts
 * const config = loadRestConfig(process.env);
 * ```
 */
export function loadRestConfig(environment: Record<string, string | undefined>): RestConfig {
  const result = restConfigSchema.safeParse(environment);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: [`${issue?.path.join('.')}: ${issue?.message}`],
    });
  }
  const values = result.data;
  const production = values.NODE_ENV === 'production';
  return {
    ...values,
    production,
    // Seed users and families exist for development and tests only, never in production.
    seedDevelopmentData:
      values.SEED_DEVELOPMENT_DATA === undefined
        ? !production
        : values.SEED_DEVELOPMENT_DATA === 'true',
    corsOrigins: values.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    useEmbeddedDynamo:
      values.DYNAMODB_ENDPOINT === undefined &&
      values.DYNAMODB_ENDPOINT_URL === undefined &&
      values.AWS_REGION === undefined,
  };
}
