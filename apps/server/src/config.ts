import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PolicyConfig, resolvePolicyConfig } from '@jixiao/core';
import { z } from 'zod';

/** The repository root (where config/ lives), whatever folder npm started us from. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

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
  /** The Ed25519 key that signs audit checkpoints (PKCS#8 PEM); generated on first start when absent. */
  JIXIAO_AUDIT_KEY_FILE: z.string().min(1).optional(),
  /** The same key given inline (PEM, or base64 of its DER) instead of the file. */
  JIXIAO_AUDIT_KEY: z.string().min(1).optional(),
  JIXIAO_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  JIXIAO_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int('JIXIAO_AUDIT_CHECKPOINT_MINUTES 必须是整数（分钟）')
    .min(1)
    .max(1440)
    .default(60),
  JIXIAO_AUDIT_VERIFY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'JIXIAO_AUDIT_VERIFY_AT 必须是 HH:MM（北京时间）')
    .default('03:00'),
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
  /** Pretend today is this date (YYYY-MM-DD): demos and tests of a fixed day. */
  JIXIAO_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'JIXIAO_TODAY 必须是 YYYY-MM-DD')
    .optional(),
});

/** The audit chain's anchor outside the database, and its schedules. */
export interface AuditConfig {
  keyFile: string;
  /** The key given inline by `JIXIAO_AUDIT_KEY` (used instead of the file). */
  inlineKey: { value: string; source: string } | undefined;
  checkpointFile: string;
  checkpointEveryMinutes: number;
  /** Daily verification, HH:MM China time. */
  verifyAt: string;
}

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
  audit: AuditConfig;
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
  const dataDir = fromUserCwd(e.JIXIAO_DATA_DIR, env);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    dataDir,
    adminToken: e.JIXIAO_ADMIN_TOKEN,
    pluginPaths: configuredPluginPaths(env),
    loadDemo: e.JIXIAO_DEMO,
    policy: resolvePolicyConfig(policyOverrides),
    fixedToday: e.JIXIAO_TODAY,
    scheduler: e.JIXIAO_SCHEDULER,
    sweepAt: e.JIXIAO_SWEEP_AT,
    audit: {
      keyFile: fromUserCwd(e.JIXIAO_AUDIT_KEY_FILE ?? join(dataDir, 'audit-signing-key.pem'), env),
      inlineKey: e.JIXIAO_AUDIT_KEY ? { value: e.JIXIAO_AUDIT_KEY, source: 'JIXIAO_AUDIT_KEY' } : undefined,
      checkpointFile: fromUserCwd(
        e.JIXIAO_AUDIT_CHECKPOINT_FILE ?? join(dataDir, 'audit-checkpoints.jsonl'),
        env,
      ),
      checkpointEveryMinutes: e.JIXIAO_AUDIT_CHECKPOINT_MINUTES,
      verifyAt: e.JIXIAO_AUDIT_VERIFY_AT,
    },
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
  };
}
