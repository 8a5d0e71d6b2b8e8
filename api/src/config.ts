import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The only module that reads process.env: everything else receives a frozen Config.

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

const envSchema = z.object({
  PORT: int(8080),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  KEEP_ALIVE_TIMEOUT_SECONDS: int(65),
  SHUTDOWN_TIMEOUT_SECONDS: int(10),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_MAX: int(10),
  DATA_DIR: z.string().default('./.data'),
  DEMO_MODE: bool.optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  TOKEN_TTL_SECONDS: int(3600),
  TOKEN_MAX_TTL_SECONDS: int(86_400),
  METRICS_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z.string().optional(),
  RATE_LIMIT_WINDOW_MS: int(60_000),
  RATE_LIMIT_USER_MAX: int(600),
  RATE_LIMIT_IP_MAX: int(300),
  BODY_LIMIT_BYTES: int(64 * 1024),
  SOCKET_MAX_BUFFER_BYTES: int(16 * 1024),
  SOCKET_EVENTS_PER_SECOND: int(20),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  MEDIA_MAX_BYTES: int(2 * 1024 * 1024 * 1024),
  MEDIA_PART_BYTES: int(8 * 1024 * 1024),
  MEDIA_URL_TTL_SECONDS: int(900),
  MEDIA_WORKER: bool.default(true),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  YOUTUBE_OEMBED_URL: z.url().default('https://www.youtube.com/oembed'),
  YOUTUBE_OEMBED_TIMEOUT_MS: int(3000),
  LTI_KEY_ROTATION_DAYS: int(90),
  LTI_KEY_OVERLAP_DAYS: int(7),
  LTI_SESSION_SECONDS: int(8 * 3600),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  NOTIFY_REPLY_DELAY_SECONDS: int(120),
  WEBHOOKS_ALLOW_PRIVATE_URLS: bool.default(false),
  LTI_ROSTER_SYNC_SECONDS: int(600),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** Neither PUBLIC_URL nor PORT was set: publicUrl is the default, which a CLI says it assumed. */
  readonly publicUrlAssumed: boolean;
  /** Idle keep-alive connections stay open this long: longer than a load balancer's idle timeout (60 s on most). */
  readonly keepAliveTimeoutSeconds: number;
  /** On SIGTERM the process drains and exits within this bound, whatever still hangs. */
  readonly shutdownTimeoutSeconds: number;
  readonly database: { readonly url: string | undefined; readonly poolMax: number; readonly dataDir: string };
  readonly demoMode: boolean;
  readonly jwtSecret: string;
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  readonly metricsToken: string | undefined;
  /** The JSON logs' level: `info` logs a line per request. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly redisUrl: string | undefined;
  readonly rateLimit: { readonly windowMs: number; readonly userMax: number; readonly ipMax: number };
  readonly bodyLimitBytes: number;
  readonly socket: { readonly maxBufferBytes: number; readonly eventsPerSecond: number };
  readonly media: MediaConfig;
  readonly youtube: { readonly oembedUrl: string; readonly timeoutMs: number };
  /** The LTI tool's signing keys: a new one every keyRotationDays, the old one still published for keyOverlapDays. */
  /** `sessionSeconds`: how long a launched page may renew its access token without a new launch. */
  readonly lti: { readonly keyRotationDays: number; readonly keyOverlapDays: number; readonly sessionSeconds: number; readonly rosterSyncSeconds: number };
  readonly mail: MailConfig;
  /** `allowPrivateUrls`: endpoints may resolve to loopback or private ranges (development and tests only). */
  readonly webhooks: { readonly allowPrivateUrls: boolean };
}

export interface MailConfig {
  /** Email is off (no job is queued, nothing is sent) unless an SMTP server is configured. */
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
  readonly replyDelaySeconds: number;
}

export interface MediaConfig {
  /** S3 when a bucket is configured; otherwise a folder under the data folder. */
  readonly s3:
    | {
        readonly bucket: string;
        readonly endpoint: string | undefined;
        readonly region: string;
        readonly accessKeyId: string | undefined;
        readonly secretAccessKey: string | undefined;
        readonly forcePathStyle: boolean;
      }
    | undefined;
  readonly localDir: string;
  readonly maxBytes: number;
  readonly partBytes: number;
  readonly urlTtlSeconds: number;
  /** Whether this process runs the transcoding worker (several API processes may share one). */
  readonly worker: boolean;
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
}

export class ConfigError extends Error {}

/**
 * With the embedded database a newcomer has no secret to set, so one is made once and
 * kept beside the data; with a real database the operator must provide it.
 */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (!embedded) throw new ConfigError('JWT_SECRET is required when DATABASE_URL is set (at least 32 characters).');
    jwtSecret = embeddedSecret(dataDir);
  }
  if (e.SMTP_URL && !e.MAIL_FROM) throw new ConfigError('MAIL_FROM is required when SMTP_URL is set (for instance "Exercise Threads <threads@example.edu>").');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    publicUrlAssumed: env.PUBLIC_URL === undefined && env.PORT === undefined,
    keepAliveTimeoutSeconds: Math.max(e.KEEP_ALIVE_TIMEOUT_SECONDS, 1),
    shutdownTimeoutSeconds: Math.max(e.SHUTDOWN_TIMEOUT_SECONDS, 1),
    database: Object.freeze({ url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, dataDir }),
    demoMode: e.DEMO_MODE ?? embedded,
    jwtSecret,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    tokenMaxTtlSeconds: e.TOKEN_MAX_TTL_SECONDS,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    rateLimit: Object.freeze({ windowMs: e.RATE_LIMIT_WINDOW_MS, userMax: e.RATE_LIMIT_USER_MAX, ipMax: e.RATE_LIMIT_IP_MAX }),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    socket: Object.freeze({ maxBufferBytes: e.SOCKET_MAX_BUFFER_BYTES, eventsPerSecond: e.SOCKET_EVENTS_PER_SECOND }),
    media: Object.freeze({
      s3: e.S3_BUCKET
        ? Object.freeze({
            bucket: e.S3_BUCKET,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          })
        : undefined,
      localDir: path.join(dataDir, 'media'),
      maxBytes: e.MEDIA_MAX_BYTES,
      // S3 refuses parts under 5 MiB (except the last).
      partBytes: Math.max(e.MEDIA_PART_BYTES, 5 * 1024 * 1024),
      urlTtlSeconds: Math.max(e.MEDIA_URL_TTL_SECONDS, 30),
      worker: e.MEDIA_WORKER,
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
    }),
    youtube: Object.freeze({ oembedUrl: e.YOUTUBE_OEMBED_URL, timeoutMs: e.YOUTUBE_OEMBED_TIMEOUT_MS }),
    mail: Object.freeze({
      smtp: e.SMTP_URL && e.MAIL_FROM ? Object.freeze({ url: e.SMTP_URL, from: e.MAIL_FROM }) : undefined,
      replyDelaySeconds: e.NOTIFY_REPLY_DELAY_SECONDS,
    }),
    webhooks: Object.freeze({ allowPrivateUrls: e.WEBHOOKS_ALLOW_PRIVATE_URLS }),
    lti: Object.freeze({ keyRotationDays: Math.max(e.LTI_KEY_ROTATION_DAYS, 1), keyOverlapDays: e.LTI_KEY_OVERLAP_DAYS, sessionSeconds: Math.max(e.LTI_SESSION_SECONDS, 60), rosterSyncSeconds: e.LTI_ROSTER_SYNC_SECONDS }),
  });
}
