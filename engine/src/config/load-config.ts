/**
 * Reads and validates the environment once at start. Every variable has a default that runs the
 * whole product on embedded stores and the offline responder; a bad value stops the start with
 * `CMZ_ERR_CONFIG_INVALID` naming the variable.
 *
 * @module
 */
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.ts';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const integer = (fallback: number, minimum: number, maximum: number) =>
  z.coerce.number().int().min(minimum).max(maximum).default(fallback);

/** Every environment variable the engine reads, with its default. README lists the same table. */
export const configSchema = z.object({
  PORT: integer(3000, 0, 65_535),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  ENGINE_SECRET: optionalText.pipe(z.string().min(16).optional()),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_MODEL: optionalText,
  LLM_MAX_RETRIES: integer(3, 0, 10),
  LLM_STALL_TIMEOUT_MS: integer(15_000, 100, 300_000),
  OFFLINE_WORDS_PER_SECOND: z.coerce.number().min(0).max(1000).default(12),
  MAX_MESSAGE_LENGTH: integer(500, 1, 10_000),
  HISTORY_MAX_MESSAGES: integer(50, 2, 1000),
  HISTORY_TTL_SECONDS: integer(2_592_000, 60, 31_536_000),
  HISTORY_PROMPT_TURNS: integer(10, 0, 100),
  RATE_LIMIT_CAPACITY: integer(5, 1, 1000),
  RATE_LIMIT_REFILL_PER_SECOND: z.coerce.number().positive().max(1000).default(0.5),
  SHUTDOWN_DEADLINE_MS: integer(10_000, 0, 120_000),
  REPLY_JOURNAL_RECENT_DELTAS: integer(64, 1, 10_000),
  REPLY_JOURNAL_TTL_SECONDS: integer(120, 5, 86_400),
  NODE_HEARTBEAT_MS: integer(1_000, 100, 60_000),
  NODE_TTL_MS: integer(3_000, 300, 300_000),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16).optional()),
  PLUGINS_CONFIG: z.string().default('plugins.config.json'),
  PLUGINS_WATCH: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  PLUGIN_RELOAD_BUDGET: integer(100, 1, 100_000),
  PLUGIN_SNAPSHOT_DIR: optionalText,
  // Scale-out operations (adapter, transports, slow consumers, coalescing): see README.
  SOCKET_ADAPTER: z.enum(['redis', 'redis-sharded', 'redis-streams']).optional(),
  SOCKET_TRANSPORTS: z
    .enum(['websocket', 'websocket,polling', 'polling,websocket'])
    .default('websocket')
    .transform((value) => value.split(',') as ('websocket' | 'polling')[]),
  SOCKET_SERVER: z.enum(['node', 'uws']).default('node'),
  UWS_MODULE: z.string().min(1).default('uWebSockets.js'),
  UWS_PORT: integer(0, 0, 65_535),
  SOCKET_BUFFER_CAP_BYTES: integer(1_048_576, 1_024, 1_073_741_824),
  COALESCE_ROOM_THRESHOLD: integer(20, 2, 1_000_000),
  COALESCE_WINDOW_MS: integer(50, 1, 5_000),
  DRAIN_RECONNECT_SPREAD_MS: integer(2_000, 0, 60_000),
  // Shared rooms (docs/rooms.md).
  ROOM_SCHOOL_MAX_MEMBERS: integer(100, 2, 10_000),
  ROOM_COUNT_EXACT_UP_TO: integer(100, 0, 1_000_000),
  ROOM_QUESTIONS_PER_MINUTE: integer(3, 1, 600),
  ROOM_TTL_SECONDS: integer(43_200, 60, 2_592_000),
});

/** The validated configuration. */
export type EngineConfig = z.infer<typeof configSchema>;

/**
 * Validates `environment` (default `process.env`).
 *
 * @example
 * ```ts
 * const config = loadConfig({ PORT: '4000' });
 * config.PORT; // 4000
 * ```
 */
export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
): EngineConfig {
  const result = configSchema.safeParse(environment);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path.join('.') ?? 'environment';
  throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
    args: [`${variable}: ${issue?.message ?? 'invalid'}`],
  });
}
