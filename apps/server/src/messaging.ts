import { createBotEngine, type LlmConfig } from '@jixiao/bot';
import { ROLES, type Role } from '@jixiao/core';
import { type Platform, queryRows } from '@jixiao/db';
import type { DingTalkSim, SimUser } from '@jixiao/dingtalk-sim';
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

function llmConfig(config: ServerConfig): LlmConfig | null {
  const { baseUrl, apiKey, model } = config.openai;
  return baseUrl && apiKey && model ? { baseURL: baseUrl, apiKey, model } : null;
}

/**
 * The bot behind DingTalk: real DingTalk when credentials are configured, otherwise the fake
 * DingTalk on loopback (the demo), with the same adapter and the real dingtalk-stream SDK.
 */
export async function startMessaging(
  platform: Platform,
  config: ServerConfig,
  publicUrl: string,
): Promise<Messaging> {
  const bot = createBotEngine({
    platform,
    llm: llmConfig(config),
    publicUrl,
    messagesPerMinute: config.botMessagesPerMinute,
  });
  const d = config.dingtalk;
  let sim: DingTalkSim | null = null;
  let adapterConfig: Parameters<typeof createDingTalkAdapter>[0];
  if (d.clientId && d.clientSecret && d.robotCode) {
    adapterConfig = {
      clientId: d.clientId,
      clientSecret: d.clientSecret,
      robotCode: d.robotCode,
      corpId: d.corpId,
      gatewayUrl: d.gatewayUrl,
      openApiUrl: d.openApiUrl,
      oapiUrl: d.oapiUrl,
      publicUrl,
    };
  } else {
    const credentials = {
      clientId: 'jixiao-demo',
      clientSecret: 'jixiao-demo-secret',
      robotCode: 'jixiao-demo',
    };
    // The simulator is demo equipment: loaded only when it runs.
    const { startDingTalkSim } = await import('@jixiao/dingtalk-sim');
    sim = await startDingTalkSim({ port: config.simPort, ...credentials, users: () => simUsers(platform) });
    adapterConfig = {
      ...credentials,
      gatewayUrl: `${sim.url}/v1.0/gateway/connections/open`,
      openApiUrl: sim.url,
      oapiUrl: sim.url,
      publicUrl,
    };
  }
  const adapter = createDingTalkAdapter(adapterConfig, { platform, bot });
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
    options: { publicUrl, concurrency: 24, rateLimits: { perApiPerSecond: config.dingtalkQps } },
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
