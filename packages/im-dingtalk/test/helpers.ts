/** Shared fixtures: the sim with the test city's officials, a scripted bot engine, bounded waits. */
import type { BotEngine, InboundAction, InboundMessage, OutboundReply } from '@jixiao/bot';
import type { Reply } from '@jixiao/core';
import type { Platform } from '@jixiao/db';
import { createTestDatabase, seedTestCity, type TestCity, type TestDatabase } from '@jixiao/db/testing';
import { type DingTalkSim, type SimOptions, startDingTalkSim } from '@jixiao/dingtalk-sim';
import type { Recipient } from '@jixiao/notify';
import {
  createDingTalkAdapter,
  type DingTalkAdapter,
  type DingTalkConfig,
  type Logger,
} from '../src/index.ts';

const CREDS = {
  clientId: 'dingjixiaotest',
  clientSecret: 'secret-不要打印',
  robotCode: 'dingjixiaotest',
};

/** The officials seedTestCity creates, as the sim knows them. */
const SIM_USERS = [
  { userId: 'dt-admin', unionId: 'union-dt-admin', name: '王财政' },
  { userId: 'dt-edu', unionId: 'union-dt-edu', name: '李教育' },
  { userId: 'dt-edu-1', unionId: 'union-dt-edu-1', name: '赵一中' },
  { userId: 'dt-health', unionId: 'union-dt-health', name: '陈卫健' },
  { userId: 'dt-leader', unionId: 'union-dt-leader', name: '刘领导' },
  { userId: 'dt-fl-admin', unionId: 'union-dt-fl-admin', name: '周浮梁' },
];

export function startSim(overrides: Partial<SimOptions> = {}): Promise<DingTalkSim> {
  return startDingTalkSim({ ...CREDS, users: () => SIM_USERS, redeliverAfterMs: 800, ...overrides });
}

export function simConfig(sim: DingTalkSim, overrides: Partial<DingTalkConfig> = {}): DingTalkConfig {
  return {
    ...CREDS,
    gatewayUrl: `${sim.url}/v1.0/gateway/connections/open`,
    openApiUrl: sim.url,
    oapiUrl: sim.url,
    publicUrl: 'https://jixiao.example.gov.cn',
    httpTimeoutMs: 5000,
    reconnectInitialDelayMs: 100,
    reconnectMaxDelayMs: 1000,
    recoverIntervalMs: 0,
    stopGraceMs: 1000,
    ...overrides,
  };
}

/** Keeps the adapter's log lines (tests stay quiet, and may look at them). */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
  info = (message: string, details?: Record<string, unknown>) => this.push('info', message, details);
  warn = (message: string, details?: Record<string, unknown>) => this.push('warn', message, details);
  error = (message: string, details?: Record<string, unknown>) => this.push('error', message, details);
  private push(level: string, message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level, message, ...(details ? { details } : {}) });
  }
  text(): string {
    return JSON.stringify(this.lines);
  }
}

export function startAdapter(
  sim: DingTalkSim,
  platform: Platform,
  bot: BotEngine,
  overrides: Partial<DingTalkConfig> = {},
): { adapter: DingTalkAdapter; logger: MemoryLogger; ready: Promise<void> } {
  const logger = new MemoryLogger();
  const adapter = createDingTalkAdapter(simConfig(sim, overrides), { platform, bot, logger });
  return { adapter, logger, ready: adapter.start() };
}

/** A seeded test city and the fake DingTalk with its officials. */
export interface SimWorld {
  db: TestDatabase;
  city: TestCity;
  sim: DingTalkSim;
  close(): Promise<void>;
}

export async function startSimWorld(): Promise<SimWorld> {
  const db = await createTestDatabase();
  const city = await seedTestCity(db);
  const sim = await startSim();
  return {
    db,
    city,
    sim,
    async close() {
      await sim.close();
      await db.dispose();
    },
  };
}

/** The same, with the adapter connected to the sim and answering through the bot `makeBot` builds. */
export interface AdapterWorld extends SimWorld {
  adapter: DingTalkAdapter;
  logger: MemoryLogger;
}

export async function startAdapterWorld(makeBot: (city: TestCity) => BotEngine): Promise<AdapterWorld> {
  const world = await startSimWorld();
  const { adapter, logger, ready } = startAdapter(world.sim, world.city.platform, makeBot(world.city));
  await ready;
  return {
    ...world,
    adapter,
    logger,
    async close() {
      await adapter.stop();
      await world.close();
    },
  };
}

/** Resolves once `check()` is truthy; rejects after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  message: string,
  timeoutMs = 5000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`等待超时：${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise the test resolves by hand. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const text = (title: string, markdown: string): Reply => ({ title, markdown });

/**
 * A stand-in for the bot engine (written in packages/bot in parallel): echoes, and answers a few keywords
 * with buttons, a private reply, a failure or a hold.
 */
export class ScriptedBot implements BotEngine {
  readonly messages: InboundMessage[] = [];
  readonly actions: InboundAction[] = [];
  /** msgIds whose answer has been returned to the adapter. */
  readonly answered: string[] = [];
  /** Messages whose text is a key here wait for the gate before answering. */
  readonly holds = new Map<string, Promise<void>>();

  async handleMessage(msg: InboundMessage): Promise<OutboundReply[]> {
    this.messages.push(msg);
    const hold = this.holds.get(msg.text);
    if (hold) await hold;
    try {
      return this.answer(msg);
    } finally {
      this.answered.push(msg.msgId);
    }
  }

  private answer(msg: InboundMessage): OutboundReply[] {
    switch (msg.text) {
      case '出错':
        throw new Error('模拟的引擎故障');
      case '按钮':
        return [
          {
            audience: 'conversation',
            reply: {
              title: '项目进度',
              markdown: '教育局项目执行率 **62%**',
              fields: [{ label: '预算', value: '100 万元' }],
              buttons: [
                { label: '我的预警', kind: 'command', text: '我的预警' },
                { label: '查看详情', kind: 'url', url: '/items/12' },
              ],
            },
          },
        ];
      case '预警':
        return [
          {
            audience: 'conversation',
            reply: {
              title: '黄色预警：测试项目1',
              markdown: '执行进度落后于时序进度 **20%**。',
              fields: [
                { label: '项目', value: '测试项目1' },
                { label: '预警级别', value: '黄色' },
              ],
              buttons: [
                { label: '说明原因', kind: 'callback', action: 'explain', payload: { warningId: '12' } },
                {
                  label: '提交整改',
                  kind: 'callback',
                  action: 'submit_rectification',
                  payload: { taskId: '5' },
                },
                { label: '确认', kind: 'callback', action: 'confirm', payload: { warningId: '12' } },
                { label: '我的预警', kind: 'command', text: '我的预警' },
              ],
            },
          },
        ];
      case '我的预警明细':
        return [
          { audience: 'private', reply: text('您的预警明细', '- 测试项目1：黄色预警') },
          { audience: 'conversation', reply: text('已私信', '预警明细已私信发送给您。') },
        ];
      default:
        return [{ audience: 'conversation', reply: text('收到', `你说：${msg.text}`) }];
    }
  }

  async handleAction(action: InboundAction): Promise<OutboundReply[]> {
    this.actions.push(action);
    if (action.action === 'boom') throw new Error('模拟的按钮故障');
    if (action.action === 'confirm') {
      return [
        { audience: 'conversation', reply: text('已确认', `已确认预警 ${action.payload.warningId ?? ''}`) },
      ];
    }
    return [
      {
        audience: 'conversation',
        reply: text('请说明原因', '请直接回复预警原因，我会记录下来。'),
      },
    ];
  }

  count(msgId: string): number {
    return this.messages.filter((m) => m.msgId === msgId).length;
  }
}

export function recipientOf(
  city: TestCity,
  key: keyof TestCity['actors'],
  dingtalkUserId: string,
): Recipient {
  const actor = city.actors[key];
  return {
    userId: actor.userId ?? 0,
    name: actor.name,
    dingtalkUserId,
    unionId: `union-${dingtalkUserId}`,
  };
}
