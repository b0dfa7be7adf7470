import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting Kunde reads from the environment; a bad value stops start-up with a clear message. */
const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  PUBLIC_URL: z.url().optional(),
  KUNDE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KUNDE_WORKER: booleanFromEnv.default(true),
  TRUST_PROXY: booleanFromEnv.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_FAILED_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('kunde:'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(24 * 14),
  SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).default(30),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Kunde <no-reply@kunde.local>'),
  /** Port of the inbox's SMTP receiver in `kunde serve`; unset = no receiver. */
  SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMTP_INBOUND_HOST: z.string().min(1).default('0.0.0.0'),
  /** Domain of inbox addresses (support-…@INBOUND_DOMAIN); default: the host of PUBLIC_URL. */
  INBOUND_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain like mail.example.com').optional(),
  /** Largest mail the receiver accepts (bytes, attachments included). */
  SMTP_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /** Messages one sending host (IP) may deliver to the SMTP receiver per minute; more get 450 (retry later). */
  SMTP_INBOUND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Largest single attachment kept with a message; larger ones are listed but not stored. */
  INBOX_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(0).default(10 * 1024 * 1024),
  /** All files attached to one agent reply together (bytes); each file is also held to INBOX_ATTACHMENT_MAX_BYTES. */
  INBOX_REPLY_ATTACHMENTS_MAX_BYTES: z.coerce.number().int().min(0).default(20 * 1024 * 1024),
  /** Let webhooks call private, loopback and link-local addresses (off: such targets are refused, against SSRF). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFromEnv.default(false),
  /** First retry of a failed webhook delivery after this many seconds; each further one waits 5× longer (capped at 12 h). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Attempts per webhook delivery before it is marked failed. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  KUNDE_DEMO: booleanFromEnv.default(true),
  /** Keys server-side digests (e.g. erased identifiers); without it a secret is generated and kept in the database. */
  KUNDE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type Config = z.infer<typeof ZConfig> & { dataDir: string; publicUrl: string };

export class ConfigError extends Error {}

/** The session lifetime settings, as the accounts domain takes them. */
export const sessionLifetimeOf = (c: Pick<Config, 'SESSION_TTL_HOURS' | 'SESSION_MAX_AGE_DAYS'>) => ({
  idleHours: c.SESSION_TTL_HOURS,
  maxAgeDays: c.SESSION_MAX_AGE_DAYS,
});

/** Reads and validates configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZConfig.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const host = c.HOST === '0.0.0.0' || c.HOST === '::' ? 'localhost' : c.HOST;
  return {
    ...c,
    dataDir: resolve(c.KUNDE_DATA_DIR),
    publicUrl: (c.PUBLIC_URL ?? `http://${host}:${c.PORT}`).replace(/\/$/, ''),
  };
}
