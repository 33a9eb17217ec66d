import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiLimits, DEFAULT_API_LIMITS } from '@jixiao/api';
import { type PolicyConfig, resolvePolicyConfig } from '@jixiao/core';
import { z } from 'zod';

/** The repository root (where config/ lives), whatever folder npm started us from. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Node's own default: 16 KB of request line and headers. */
const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
/** A person types a few messages a minute; twenty leaves room for quick follow-ups and buttons. */
const DEFAULT_BOT_MESSAGES_PER_MINUTE = 20;

/** Every environment variable the server reads; documented in the README. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url('DATABASE_URL 必须是 postgres:// 开头的连接串').optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  JIXIAO_DATA_DIR: z.string().default('./.data'),
  JIXIAO_ADMIN_TOKEN: z.string().min(16, 'JIXIAO_ADMIN_TOKEN 至少16个字符').max(200).optional(),
  JIXIAO_PLUGINS: z.string().optional(),
  JIXIAO_DEMO: boolish.default(true),
  JIXIAO_POLICY_CONFIG: z.string().optional(),
  JIXIAO_SCHEDULER: boolish.default(true),
  JIXIAO_SWEEP_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'JIXIAO_SWEEP_AT 必须是 HH:MM（北京时间）')
    .default('02:00'),
  JIXIAO_PUBLIC_URL: z.string().url('JIXIAO_PUBLIC_URL 必须是 http(s):// 开头的地址').optional(),
  JIXIAO_MESSAGING: boolish.default(true),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DINGTALK_CLIENT_ID: z.string().min(1).optional(),
  DINGTALK_CLIENT_SECRET: z.string().min(1).optional(),
  DINGTALK_ROBOT_CODE: z.string().min(1).optional(),
  DINGTALK_CORP_ID: z.string().min(1).optional(),
  DINGTALK_GATEWAY_URL: z.string().url().optional(),
  DINGTALK_OPENAPI_URL: z.string().url().optional(),
  DINGTALK_OAPI_URL: z.string().url().optional(),
  /** Requests per second to each DingTalk OpenAPI (DingTalk allows 20 per app per API in a standard org). */
  DINGTALK_QPS: z.coerce.number().min(1).max(1000).default(20),
  OPENAI_BASE_URL: z.string().url('OPENAI_BASE_URL 必须是 http(s):// 开头的地址').optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
  /** Largest request body in bytes (413 beyond it). */
  JIXIAO_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_API_LIMITS.maxBodyBytes),
  /** Deepest JSON nesting in a request body (400 beyond it, before parsing). */
  JIXIAO_MAX_JSON_DEPTH: z.coerce.number().int().min(4).max(1000).default(DEFAULT_API_LIMITS.maxJsonDepth),
  /** Largest request head (request line and headers) in bytes (431 beyond it). */
  JIXIAO_MAX_HEADER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(DEFAULT_MAX_HEADER_BYTES),
  /** API requests per minute per access token (0: unlimited). */
  JIXIAO_RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(0).default(DEFAULT_API_LIMITS.perTokenPerMinute),
  /** API requests per minute per client address (0: unlimited). */
  JIXIAO_RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(DEFAULT_API_LIMITS.perAddressPerMinute),
  /** Bot messages (and button presses) per minute per sender (0: unlimited). */
  JIXIAO_BOT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_BOT_MESSAGES_PER_MINUTE),
  /** Pretend today is this date (YYYY-MM-DD): demos and tests of a fixed day. */
  JIXIAO_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'JIXIAO_TODAY 必须是 YYYY-MM-DD')
    .optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  dataDir: string;
  adminToken: string | undefined;
  pluginPaths: string[];
  loadDemo: boolean;
  policy: PolicyConfig;
  fixedToday: string | undefined;
  scheduler: boolean;
  sweepAt: string;
  publicUrl: string | undefined;
  /** Run the bot, its DingTalk adapter (or the simulator) and the outbox worker. */
  messaging: boolean;
  simPort: number;
  dingtalk: {
    clientId?: string;
    clientSecret?: string;
    robotCode?: string;
    corpId?: string;
    gatewayUrl?: string;
    openApiUrl?: string;
    oapiUrl?: string;
  };
  openai: { baseUrl?: string; apiKey?: string; model?: string };
  dingtalkQps: number;
  /** Body bounds and API rate limits. */
  apiLimits: ApiLimits;
  maxHeaderBytes: number;
  botMessagesPerMinute: number;
}

/** Relative paths are taken from where the user ran npm (INIT_CWD), not from the workspace folder. */
function fromUserCwd(path: string, env: NodeJS.ProcessEnv): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

export function configuredPluginPaths(env: NodeJS.ProcessEnv): string[] {
  const list = env.JIXIAO_PLUGINS
    ? env.JIXIAO_PLUGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : (JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'plugins.json'), 'utf8')) as string[]);
  return list.map((p) => (isAbsolute(p) ? p : resolve(REPO_ROOT, p)));
}

/** Parses the environment once at start-up; a bad value stops start-up with the variable named. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`环境变量有误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const policyOverrides = e.JIXIAO_POLICY_CONFIG
    ? (JSON.parse(readFileSync(fromUserCwd(e.JIXIAO_POLICY_CONFIG, env), 'utf8')) as object)
    : {};
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    dataDir: fromUserCwd(e.JIXIAO_DATA_DIR, env),
    adminToken: e.JIXIAO_ADMIN_TOKEN,
    pluginPaths: configuredPluginPaths(env),
    loadDemo: e.JIXIAO_DEMO,
    policy: resolvePolicyConfig(policyOverrides),
    fixedToday: e.JIXIAO_TODAY,
    scheduler: e.JIXIAO_SCHEDULER,
    sweepAt: e.JIXIAO_SWEEP_AT,
    publicUrl: e.JIXIAO_PUBLIC_URL,
    messaging: e.JIXIAO_MESSAGING,
    simPort: e.SIM_PORT,
    dingtalk: {
      clientId: e.DINGTALK_CLIENT_ID,
      clientSecret: e.DINGTALK_CLIENT_SECRET,
      robotCode: e.DINGTALK_ROBOT_CODE,
      corpId: e.DINGTALK_CORP_ID,
      gatewayUrl: e.DINGTALK_GATEWAY_URL,
      openApiUrl: e.DINGTALK_OPENAPI_URL,
      oapiUrl: e.DINGTALK_OAPI_URL,
    },
    openai: { baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL },
    dingtalkQps: e.DINGTALK_QPS,
    apiLimits: {
      maxBodyBytes: e.JIXIAO_MAX_BODY_BYTES,
      maxJsonDepth: e.JIXIAO_MAX_JSON_DEPTH,
      perTokenPerMinute: e.JIXIAO_RATE_LIMIT_PER_TOKEN,
      perAddressPerMinute: e.JIXIAO_RATE_LIMIT_PER_IP,
    },
    maxHeaderBytes: e.JIXIAO_MAX_HEADER_BYTES,
    botMessagesPerMinute: e.JIXIAO_BOT_MESSAGES_PER_MINUTE,
  };
}
