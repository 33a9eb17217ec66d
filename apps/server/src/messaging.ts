import { rankingNoticeFile } from '@jixiao/api';
import { createBotEngine, type FileSource, type LlmConfig } from '@jixiao/bot';
import { ROLES, type Role } from '@jixiao/core';
import { type Platform, queryRows } from '@jixiao/db';
import { MANAGEMENT_RANKING_FILE } from '@jixiao/db/management-work';
import { type DingTalkSim, type SimUser, startDingTalkSim } from '@jixiao/dingtalk-sim';
import { createDingTalkAdapter, type DingTalkAdapter } from '@jixiao/im-dingtalk';
import { createOutboxWorker, type OutboxWorker } from '@jixiao/notify';
import { sql } from 'drizzle-orm';
import type { ServerConfig } from './config.ts';

export interface Messaging {
  adapter: DingTalkAdapter;
  /** Delivers the outbox (warnings, tasks, to-dos, reminders, digests) through the adapter. */
  worker: OutboxWorker;
  /** The fake DingTalk when no real credentials are configured. */
  sim: DingTalkSim | null;
  stop(): Promise<void>;
}

/** The officials one can speak as in the simulator: everyone with a DingTalk identity. */
async function simUsers(platform: Platform): Promise<SimUser[]> {
  const rows = await queryRows<{
    user_id: string;
    union_id: string | null;
    name: string;
    title: string | null;
    org: string;
    roles: Role[];
  }>(
    platform.db,
    sql`select i.external_user_id as user_id, i.union_id, u.name, u.title, o.name as org, u.roles
        from im_identities i join users u on u.id = i.user_id join org_units o on o.id = u.org_unit_id
        where i.channel = 'dingtalk' and u.active order by u.id`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    unionId: r.union_id ?? `union-${r.user_id}`,
    name: r.name,
    title: r.title ?? undefined,
    orgName: r.org,
    roleLabel: r.roles.map((role) => ROLES.labels[role]).join('、'),
  }));
}

/**
 * Where the bot talks: real DingTalk when its credentials are all set; otherwise the fake DingTalk, but only
 * where it may run (the demo, or JIXIAO_SIM=true); otherwise nowhere.
 */
export type BotChannel = 'dingtalk' | 'sim' | 'messaging-off' | 'no-dingtalk';

export function botChannel(config: ServerConfig): BotChannel {
  if (!config.messaging) return 'messaging-off';
  if (dingtalkCredentials(config)) return 'dingtalk';
  return config.sim.enabled ? 'sim' : 'no-dingtalk';
}

/** The start-up banner's line about the bot: where it talks, and who may use the simulator. */
export function botStatusLine(channel: BotChannel, chatUrl: string | null, simOpen: boolean): string {
  switch (channel) {
    case 'dingtalk':
      return '机器人已连接钉钉';
    case 'sim':
      return simOpen
        ? `与机器人对话（钉钉模拟器，已向其他电脑开放：JIXIAO_SIM_OPEN=true）：${chatUrl}`
        : `与机器人对话（钉钉模拟器，仅限本机访问）：${chatUrl}`;
    case 'messaging-off':
      return '机器人未启用（JIXIAO_MESSAGING=false）';
    case 'no-dingtalk':
      return '机器人未启用：未配置钉钉凭据（DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET / DINGTALK_ROBOT_CODE），钉钉模拟器也未开启（JIXIAO_SIM，默认与 JIXIAO_DEMO 相同）';
  }
}

function dingtalkCredentials(config: ServerConfig) {
  const { clientId, clientSecret, robotCode } = config.dingtalk;
  return clientId && clientSecret && robotCode ? { clientId, clientSecret, robotCode } : null;
}

function llmConfig(config: ServerConfig): LlmConfig | null {
  const { baseUrl, apiKey, model } = config.openai;
  return baseUrl && apiKey && model ? { baseURL: baseUrl, apiKey, model } : null;
}

/**
 * The bot behind DingTalk, for the channels `botChannel` names: real DingTalk when its credentials are set,
 * otherwise the fake DingTalk on loopback, with the same adapter and the real dingtalk-stream SDK.
 */
export async function startMessaging(
  platform: Platform,
  config: ServerConfig,
  publicUrl: string,
  viewLink?: (userId: number, path: string) => string,
): Promise<Messaging> {
  // The adapter that fetches the files officials send is made after the bot it serves.
  let files: FileSource | null = null;
  const bot = createBotEngine({
    platform,
    llm: llmConfig(config),
    publicUrl,
    ...(viewLink ? { viewLink } : {}),
    settings: config.bot,
    messagesPerMinute: config.botMessagesPerMinute,
    files: {
      download: (code, maxBytes) =>
        files ? files.download(code, maxBytes) : Promise.reject(new Error('钉钉连接尚未就绪')),
    },
  });
  const d = config.dingtalk;
  const real = dingtalkCredentials(config);
  let sim: DingTalkSim | null = null;
  let adapterConfig: Parameters<typeof createDingTalkAdapter>[0];
  if (real) {
    adapterConfig = {
      ...real,
      corpId: d.corpId,
      gatewayUrl: d.gatewayUrl,
      openApiUrl: d.openApiUrl,
      oapiUrl: d.oapiUrl,
      publicUrl,
    };
  } else if (!config.sim.enabled) {
    throw new Error('未配置钉钉凭据（DINGTALK_CLIENT_ID 等），且钉钉模拟器未开启（JIXIAO_SIM）');
  } else {
    const credentials = {
      clientId: 'jixiao-demo',
      clientSecret: 'jixiao-demo-secret',
      robotCode: 'jixiao-demo',
    };
    // No DingTalk credentials: the simulator stands in for DingTalk (demo and tests).
    sim = await startDingTalkSim({ port: config.sim.port, ...credentials, users: () => simUsers(platform) });
    adapterConfig = {
      ...credentials,
      gatewayUrl: `${sim.url}/v1.0/gateway/connections/open`,
      openApiUrl: sim.url,
      oapiUrl: sim.url,
      publicUrl,
    };
  }
  const adapter = createDingTalkAdapter(adapterConfig, { platform, bot });
  files = adapter.files;
  try {
    await adapter.start();
  } catch (err) {
    await sim?.close();
    throw err;
  }
  const worker = createOutboxWorker({
    platform,
    channel: adapter.channel,
    // Enough sends in flight to keep the API's rate limit busy (each send is a round trip to DingTalk).
    options: {
      publicUrl,
      ...(viewLink ? { viewLink } : {}),
      files: { [MANAGEMENT_RANKING_FILE]: rankingNoticeFile },
      concurrency: 24,
      rateLimits: { perApiPerSecond: config.dingtalkQps },
    },
  });
  worker.start();
  return {
    adapter,
    worker,
    sim,
    async stop() {
      await worker.stop();
      await adapter.stop();
      await sim?.close();
    },
  };
}
