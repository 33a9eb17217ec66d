import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiLimits, DEFAULT_API_LIMITS } from '@jixiao/api';
import { defaultPolicyConfig, type PolicyConfig, policyConfigSchema } from '@jixiao/core';
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
  JIXIAO_ADMIN_TOKEN_TTL_HOURS: z.coerce
    .number('JIXIAO_ADMIN_TOKEN_TTL_HOURS 须为数字')
    .positive('JIXIAO_ADMIN_TOKEN_TTL_HOURS 须大于0')
    .max(24 * 365, 'JIXIAO_ADMIN_TOKEN_TTL_HOURS 不能超过8760')
    .default(24),
  JIXIAO_PLUGINS: z.string().optional(),
  JIXIAO_DEMO: boolish.default(true),
  JIXIAO_POLICY_CONFIG: z.string().optional(),
  JIXIAO_SCHEDULER: boolish.default(true),
  JIXIAO_SWEEP_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'JIXIAO_SWEEP_AT 必须是 HH:MM（北京时间）')
    .default('02:00'),
  /** Leading zero bits of the proof of work a public survey answer needs (about 2^bits hashes in the browser). */
  JIXIAO_PUBLIC_POW_BITS: z.coerce
    .number()
    .int()
    .min(8, 'JIXIAO_PUBLIC_POW_BITS 须在 8～24 之间')
    .max(24, 'JIXIAO_PUBLIC_POW_BITS 须在 8～24 之间')
    .default(14),
  /** Keep the public site's published sets and pages between requests (off only to measure without). */
  JIXIAO_PUBLIC_CACHE: boolish.default(true),
  /** Public survey answers per client address per hour. */
  JIXIAO_PUBLIC_FEEDBACK_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  /** Key that signs links to pages (≥32 characters); by default one is generated in the data folder. */
  JIXIAO_LINK_SECRET: z.string().min(32, 'JIXIAO_LINK_SECRET 至少32个字符').optional(),
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
  /** Run the fake DingTalk when no real credentials are set; unset = as JIXIAO_DEMO (it is demo equipment). */
  JIXIAO_SIM: boolish.optional(),
  /** Serve /sim to clients other than this machine too (by default only loopback clients get it). */
  JIXIAO_SIM_OPEN: boolish.default(false),
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
  /** Minutes a numbered list of candidates in chat can be answered with its number. */
  JIXIAO_BOT_CHOICE_TTL_MINUTES: z.coerce
    .number('JIXIAO_BOT_CHOICE_TTL_MINUTES 须为数字')
    .positive('JIXIAO_BOT_CHOICE_TTL_MINUTES 须大于0')
    .max(1440, 'JIXIAO_BOT_CHOICE_TTL_MINUTES 不能超过1440')
    .optional(),
  /** Largest request body in bytes (413 beyond it). */
  JIXIAO_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_API_LIMITS.maxBodyBytes),
  /** Largest imported workbook in bytes (default 10 MB; 413 beyond it). */
  JIXIAO_WORKBOOK_MAX_BYTES: z.coerce.number().int().min(1024).optional(),
  /** Most rows read from one sheet of an imported workbook (default 10000). */
  JIXIAO_WORKBOOK_MAX_ROWS: z.coerce.number().int().min(10).optional(),
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
  /** How long the start-up admin token stays valid (renewed at each start). */
  adminTokenTtlHours: number;
  pluginPaths: string[];
  loadDemo: boolean;
  policy: PolicyConfig;
  /** The `plugins` section of the policy file: each plugin's setting overrides, checked when plugins load. */
  pluginSettings: Record<string, unknown>;
  fixedToday: string | undefined;
  scheduler: boolean;
  sweepAt: string;
  audit: AuditConfig;
  publicUrl: string | undefined;
  linkSecret: string | undefined;
  /** The public site's survey: proof-of-work bits and answers per client per hour. */
  publicSurvey: { powBits: number; perClientPerHour: number };
  /** Keep published sets and rendered public pages until something is published (default on). */
  publicCache: boolean;
  /** Run the bot, its DingTalk adapter (or the simulator) and the outbox worker. */
  messaging: boolean;
  /** The fake DingTalk, used when no real DingTalk credentials are set. */
  sim: {
    /** May it run at all (JIXIAO_SIM, by default JIXIAO_DEMO). */
    enabled: boolean;
    /** Serve /sim to non-loopback clients too (JIXIAO_SIM_OPEN). */
    open: boolean;
    /** Its own port, always on 127.0.0.1 (0 = any free one). */
    port: number;
  };
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
  /** Bot tunables; absent ones take the bot's defaults. */
  bot: { choiceTtlMinutes?: number };
  /** Body bounds and API rate limits. */
  apiLimits: ApiLimits;
  /** Imported workbooks (unset: the forms package's defaults). */
  workbookLimits: { maxBytes?: number; maxRowsPerSheet?: number };
  maxHeaderBytes: number;
  botMessagesPerMinute: number;
}

/** Relative paths are taken from where the user ran npm (INIT_CWD), not from the workspace folder. */
function fromUserCwd(path: string, env: NodeJS.ProcessEnv): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

export function configuredPluginPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = env.JIXIAO_PLUGINS
    ? env.JIXIAO_PLUGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : (JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'plugins.json'), 'utf8')) as string[]);
  return list.map((p) => (isAbsolute(p) ? p : resolve(REPO_ROOT, p)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the policy file (JIXIAO_POLICY_CONFIG): the platform's numbers, `fundTypes.<id>`
 * overrides of core thresholds, and a `plugins` section of each plugin's settings (checked
 * against the plugins when they load). A bad file stops start-up with the path of each problem.
 */
export function loadPolicyFile(file: string | undefined): {
  policy: PolicyConfig;
  pluginSettings: Record<string, unknown>;
} {
  if (!file) return { policy: defaultPolicyConfig, pluginSettings: {} };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `政策配置文件 ${file} 无法读取或不是合法的 JSON：${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!isPlainObject(json)) throw new Error(`政策配置文件 ${file} 须为 JSON 对象`);
  const { plugins = {}, ...platform } = json;
  const problems: string[] = [];
  if (!isPlainObject(plugins)) problems.push('- plugins：须为对象，键为插件 id');
  const parsed = policyConfigSchema.safeParse(platform);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`- ${issue.path.join('.') || '(根)'}：${issue.message}`);
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
        problems.push(
          '  （资金类型自己的参数写在 plugins.<插件id> 下；按资金类型覆盖滞后分档写在 fundTypes.<插件id>.monitoring 下）',
        );
      }
    }
  }
  if (problems.length > 0 || !parsed.success)
    throw new Error(`政策配置文件 ${file} 有误：\n${problems.join('\n')}`);
  return { policy: parsed.data, pluginSettings: plugins as Record<string, unknown> };
}

/** Parses the environment once at start-up; a bad value stops start-up with the variable named. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`环境变量有误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const { policy, pluginSettings } = loadPolicyFile(
    e.JIXIAO_POLICY_CONFIG ? fromUserCwd(e.JIXIAO_POLICY_CONFIG, env) : undefined,
  );
  const dataDir = fromUserCwd(e.JIXIAO_DATA_DIR, env);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    dataDir,
    adminToken: e.JIXIAO_ADMIN_TOKEN,
    adminTokenTtlHours: e.JIXIAO_ADMIN_TOKEN_TTL_HOURS,
    pluginPaths: configuredPluginPaths(env),
    loadDemo: e.JIXIAO_DEMO,
    policy,
    pluginSettings,
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
    linkSecret: e.JIXIAO_LINK_SECRET,
    publicSurvey: { powBits: e.JIXIAO_PUBLIC_POW_BITS, perClientPerHour: e.JIXIAO_PUBLIC_FEEDBACK_PER_HOUR },
    publicCache: e.JIXIAO_PUBLIC_CACHE,
    messaging: e.JIXIAO_MESSAGING,
    sim: { enabled: e.JIXIAO_SIM ?? e.JIXIAO_DEMO, open: e.JIXIAO_SIM_OPEN, port: e.SIM_PORT },
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
    bot:
      e.JIXIAO_BOT_CHOICE_TTL_MINUTES === undefined
        ? {}
        : { choiceTtlMinutes: e.JIXIAO_BOT_CHOICE_TTL_MINUTES },
    apiLimits: {
      maxBodyBytes: e.JIXIAO_MAX_BODY_BYTES,
      maxJsonDepth: e.JIXIAO_MAX_JSON_DEPTH,
      perTokenPerMinute: e.JIXIAO_RATE_LIMIT_PER_TOKEN,
      perAddressPerMinute: e.JIXIAO_RATE_LIMIT_PER_IP,
    },
    workbookLimits: {
      ...(e.JIXIAO_WORKBOOK_MAX_BYTES !== undefined ? { maxBytes: e.JIXIAO_WORKBOOK_MAX_BYTES } : {}),
      ...(e.JIXIAO_WORKBOOK_MAX_ROWS !== undefined ? { maxRowsPerSheet: e.JIXIAO_WORKBOOK_MAX_ROWS } : {}),
    },
    maxHeaderBytes: e.JIXIAO_MAX_HEADER_BYTES,
    botMessagesPerMinute: e.JIXIAO_BOT_MESSAGES_PER_MINUTE,
  };
}
