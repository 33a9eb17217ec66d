/** The notification channel over the (fake) DingTalk OpenAPI: tokens, exactly-once cards, faults, to-dos. */
import type { Reply } from '@jixiao/core';
import { findImIdentity } from '@jixiao/db/im';
import { imIdentities } from '@jixiao/db/schema';
import {
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '@jixiao/db/testing';
import type { DingTalkSim } from '@jixiao/dingtalk-sim';
import type { DeliveryOutcome, MessageChannel, TodoSpec } from '@jixiao/notify';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.ts';
import { createDingTalkAdapter } from '../src/index.ts';
import { createOpenApiClient } from '../src/openapi.ts';
import { sendRobotMessage } from '../src/send.ts';
import { MemoryLogger, recipientOf, ScriptedBot, simConfig, startSim } from './helpers.ts';

let db: TestDatabase;
let city: TestCity;
let sim: DingTalkSim;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  sim = await startSim({
    groups: [
      { conversationId: 'cid-edu-notices', title: '教育局通知群', memberUserIds: ['dt-edu', 'dt-edu-1'] },
    ],
  });
});

afterAll(async () => {
  await sim?.close();
  await db?.dispose();
});

beforeEach(() => {
  sim.setFaults({});
});

function newChannel(overrides: Parameters<typeof simConfig>[1] = {}): {
  channel: MessageChannel;
  logger: MemoryLogger;
} {
  const logger = new MemoryLogger();
  const adapter = createDingTalkAdapter(simConfig(sim, overrides), {
    platform: city.platform,
    bot: new ScriptedBot(),
    logger,
  });
  return { channel: adapter.channel, logger };
}

const warning: Reply = {
  title: '红色预警：校舍改造项目',
  markdown: '支出进度低于时序进度 **35%**，请说明原因。',
  fields: [{ label: '责任单位', value: '景德镇市教育局' }],
  buttons: [
    { label: '说明原因', kind: 'callback', action: 'explain', payload: { warningId: '31' } },
    { label: '确认', kind: 'callback', action: 'confirm', payload: { warningId: '31' } },
  ],
};

function cardsFor(outTrackId: string | undefined) {
  return sim.outbox().filter((p) => p.kind === 'card' && p.card?.outTrackId === outTrackId);
}

describe(`notification channel (${testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('pushes a card to a user, fetching the access token once and reusing it', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerA', 'dt-edu');
    const tokensBefore = sim.tokenRequestCount();
    const outcomes: DeliveryOutcome[] = [];
    for (let i = 0; i < 3; i++) outcomes.push(await channel.sendToUser(to, warning, `token-test-${i}`));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(sim.tokenRequestCount() - tokensBefore).toBe(1);

    const first = outcomes[0];
    const card = sim.cards().find((c) => first?.ok && c.outTrackId === first.externalId);
    expect(card).toMatchObject({ cardTemplateId: 'jixiao.reply', callbackType: 'STREAM' });
    expect(card?.spaces).toEqual([{ spaceType: 'IM_ROBOT', spaceId: 'dt-edu' }]);
    expect(card?.cardParamMap.title).toBe('红色预警：校舍改造项目');
    expect(JSON.parse(card?.cardParamMap.buttons ?? '[]')).toEqual([
      { label: '说明原因', action: 'explain', payload: { warningId: '31' } },
      { label: '确认', action: 'confirm', payload: { warningId: '31' } },
    ]);
    expect(JSON.parse(card?.cardParamMap.fields ?? '[]')).toEqual([
      { label: '责任单位', value: '景德镇市教育局' },
    ]);
  });

  it('gets a new token (once) after DingTalk stops accepting the cached one', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerA', 'dt-edu');
    expect((await channel.sendToUser(to, warning, 'expire-0')).ok).toBe(true);
    const before = sim.tokenRequestCount();
    sim.expireAccessTokens();
    expect((await channel.sendToUser(to, warning, 'expire-1')).ok).toBe(true);
    expect((await channel.sendToUser(to, warning, 'expire-2')).ok).toBe(true);
    expect(sim.tokenRequestCount() - before).toBe(1);
    const refused = sim
      .recorded()
      .filter((r) => r.path === '/v1.0/card/instances/createAndDeliver' && r.status === 401);
    expect(refused).toHaveLength(1);
  });

  it('shares one token refresh between concurrent sends', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerB', 'dt-health');
    const before = sim.tokenRequestCount();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => channel.sendToUser(to, warning, `concurrent-${i}`)),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(sim.tokenRequestCount() - before).toBe(1);
  });

  it('delivers a retried send once: the outTrackId comes from the idempotency key', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'unitA1', 'dt-edu-1');
    const first = await channel.sendToUser(to, warning, 'outbox-row-77');
    // A crash after DingTalk accepted it: the worker (maybe another process) sends it again.
    const again = await newChannel().channel.sendToUser(to, warning, 'outbox-row-77');
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    expect(cardsFor(first.ok ? first.externalId : undefined)).toHaveLength(1);
    const other = await channel.sendToUser(to, warning, 'outbox-row-78');
    expect(other.ok && first.ok && other.externalId !== first.externalId).toBe(true);
  });

  it('sends a file: uploaded for a media id, then a sampleFile message; a retry of a delivered one is not sent again', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerA', 'dt-edu');
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 0xff, 0x0d, 0x0a]);
    const before = sim.outbox('dt-edu').length;
    const first = await channel.sendFileToUser(to, { fileName: '考核通报.docx', bytes }, 'outbox-row-90');
    expect(first.ok).toBe(true);
    expect((await channel.sendFileToUser(to, { fileName: '考核通报.docx', bytes }, 'outbox-row-90')).ok).toBe(
      true,
    );
    const files = sim
      .outbox('dt-edu')
      .slice(before)
      .filter((p) => p.msgKey === 'sampleFile');
    expect(files).toHaveLength(1);
    const param = files[0]?.msgParam as { mediaId: string; fileName: string; fileType: string };
    expect(param).toMatchObject({ fileName: '考核通报.docx', fileType: 'docx' });
    // The bytes arrive as sent (binary, through multipart).
    expect(new Uint8Array(sim.media(param.mediaId)?.bytes ?? [])).toEqual(bytes);
    // Without an upload DingTalk refuses the media id.
    const config = resolveConfig(simConfig(sim));
    const refused = await createOpenApiClient(config).call('POST', '/v1.0/robot/oToMessages/batchSend', {
      body: {
        robotCode: config.robotCode,
        userIds: ['dt-edu'],
        msgKey: 'sampleFile',
        msgParam: JSON.stringify({ mediaId: '@lAnone', fileName: 'x.docx', fileType: 'docx' }),
      },
    });
    expect(refused.ok).toBe(false);
  });

  it('sends to a group the robot is in', async () => {
    const { channel } = newChannel();
    const outcome = await channel.sendToGroup('cid-edu-notices', warning, 'group-1');
    expect(outcome.ok).toBe(true);
    const push = cardsFor(outcome.ok ? outcome.externalId : undefined)[0];
    expect(push).toMatchObject({ conversationId: 'cid-edu-notices', userIds: ['dt-edu', 'dt-edu-1'] });
    expect((await channel.sendToGroup('cid-edu-notices', warning, 'group-1')).ok).toBe(true);
    expect(cardsFor(outcome.ok ? outcome.externalId : undefined)).toHaveLength(1);
  });

  it('maps 5xx and throttling to retryable outcomes; retrying the same keys delivers each once', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'leader', 'dt-leader');
    await channel.sendToUser(to, warning, 'warm-up'); // token first: the faults apply to OpenAPI calls
    sim.setFaults({ openApiErrorRate: 0.3, throttleRate: 0.2, seed: 7 });
    const keys = Array.from({ length: 30 }, (_, i) => `fault-${i}`);
    const outcomes = await Promise.all(keys.map((k) => channel.sendToUser(to, warning, k)));
    const failed = outcomes.flatMap((o, i) => (o.ok ? [] : [{ key: keys[i] ?? '', outcome: o }]));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(keys.length);
    for (const { outcome } of failed) {
      expect(outcome).toMatchObject({ ok: false, retryable: true });
      if (!outcome.ok && /QpsLimit/.test(outcome.error)) expect(outcome.retryAfterMs).toBeGreaterThan(0);
    }
    expect(failed.some((f) => !f.outcome.ok && /system\.error/.test(f.outcome.error))).toBe(true);
    expect(failed.some((f) => !f.outcome.ok && /QpsLimit/.test(f.outcome.error))).toBe(true);

    sim.setFaults({});
    for (const { key } of failed) expect((await channel.sendToUser(to, warning, key)).ok).toBe(true);
    // Every key delivered exactly once, including the ones that succeeded the first time and were sent again.
    for (const key of keys) expect((await channel.sendToUser(to, warning, key)).ok).toBe(true);
    const delivered = sim.outbox('dt-leader').filter((p) => p.kind === 'card');
    const perCard = new Map<string, number>();
    for (const p of delivered)
      perCard.set(p.card?.outTrackId ?? '', (perCard.get(p.card?.outTrackId ?? '') ?? 0) + 1);
    expect([...perCard.values()].every((n) => n === 1)).toBe(true);
    expect(perCard.size).toBe(keys.length + 1);
  });

  it('maps the real QPS limit to a retryable outcome with a delay', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerA', 'dt-edu');
    await channel.sendToUser(to, warning, 'qps-warm-up');
    sim.setFaults({ qpsLimit: 2 });
    const create = (i: number) =>
      channel.upsertTodo(to, { ...todoSpec(`qps-${i}`), subject: `限流测试 ${i}` }, null);
    const outcomes = await Promise.all([0, 1, 2, 3, 4].map(create));
    const throttled = outcomes.filter((o) => !o.ok);
    expect(throttled.length).toBeGreaterThan(0);
    for (const o of throttled) expect(o).toMatchObject({ ok: false, retryable: true, retryAfterMs: 1000 });
  });

  it('does not retry what DingTalk refuses as invalid', async () => {
    const { channel } = newChannel({ robotCode: 'ding-not-our-robot' });
    const to = recipientOf(city, 'officerA', 'dt-edu');
    const outcome = await channel.sendToUser(to, warning, 'bad-robot');
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(!outcome.ok && outcome.error).toContain('robotCode');

    const unknownUser = await newChannel().channel.sendToUser(
      { ...to, dingtalkUserId: 'dt-nobody' },
      warning,
      'unknown-user',
    );
    expect(unknownUser).toMatchObject({ ok: false, retryable: false });

    const unbound = await newChannel().channel.sendToUser(
      { ...to, dingtalkUserId: null },
      warning,
      'unbound',
    );
    expect(unbound).toMatchObject({ ok: false, retryable: false });
  });

  it('maps a flow-controlled recipient of a robot message to a retryable outcome', async () => {
    const config = resolveConfig(simConfig(sim));
    const ctx = { api: createOpenApiClient(config), config };
    const text: Reply = { title: '提醒', markdown: '请及时处理整改任务。' };
    sim.setFaults({ flowControlUserIds: ['dt-edu-1'] });
    const throttled = await sendRobotMessage(ctx, { kind: 'user', userId: 'dt-edu-1' }, text);
    expect(throttled).toMatchObject({ ok: false, retryable: true, retryAfterMs: 5000 });
    const invalid = await sendRobotMessage(ctx, { kind: 'user', userId: 'dt-nobody' }, text);
    expect(invalid).toMatchObject({ ok: false, retryable: false });
    sim.setFaults({});
    expect(await sendRobotMessage(ctx, { kind: 'user', userId: 'dt-edu-1' }, text)).toMatchObject({
      ok: true,
    });
  });

  it('does not log the secret or tokens', async () => {
    const { channel, logger } = newChannel();
    sim.setFaults({ openApiErrorRate: 1 });
    await channel.sendToUser(recipientOf(city, 'officerA', 'dt-edu'), warning, 'quiet');
    expect(logger.text()).not.toContain('secret-不要打印');
  });
});

function todoSpec(sourceId: string, overrides: Partial<TodoSpec> = {}): TodoSpec {
  return {
    sourceId,
    subject: '整改：校舍改造项目支出进度滞后',
    description: '请于截止日前提交整改说明和佐证材料。',
    dueTime: Date.UTC(2026, 8, 30, 9),
    done: false,
    detailUrl: `/rectification/${sourceId}`,
    ...overrides,
  };
}

describe('to-dos for rectification tasks', () => {
  it('creates, updates and completes the to-do in step with the task', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerA', 'dt-edu');
    const created = await channel.upsertTodo(to, todoSpec('rect-1'), null);
    expect(created).toMatchObject({ ok: true });
    const todoId = created.todoId ?? '';
    expect(todoId).not.toBe('');
    let todo = sim.todos('union-dt-edu').find((t) => t.id === todoId);
    expect(todo).toMatchObject({
      sourceId: 'rect-1',
      subject: '整改：校舍改造项目支出进度滞后',
      executorIds: ['union-dt-edu'],
      done: false,
      detailUrl: {
        appUrl: 'https://jixiao.example.gov.cn/rectification/rect-1',
        pcUrl: 'https://jixiao.example.gov.cn/rectification/rect-1',
      },
    });

    const updated = await channel.upsertTodo(
      to,
      todoSpec('rect-1', { subject: '整改（退回重办）：校舍改造项目' }),
      todoId,
    );
    expect(updated).toMatchObject({ ok: true, todoId });
    todo = sim.todos('union-dt-edu').find((t) => t.id === todoId);
    expect(todo).toMatchObject({ subject: '整改（退回重办）：校舍改造项目', done: false });

    const done = await channel.upsertTodo(to, todoSpec('rect-1', { done: true }), todoId);
    expect(done).toMatchObject({ ok: true, todoId });
    todo = sim.todos('union-dt-edu').find((t) => t.id === todoId);
    expect(todo?.done).toBe(true);
    expect(sim.todos('union-dt-edu').filter((t) => t.sourceId === 'rect-1')).toHaveLength(1);
  });

  it('does not make a second to-do for a sourceId: the id this process got is reused', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerB', 'dt-health');
    const first = await channel.upsertTodo(to, todoSpec('rect-2'), null);
    // The caller failed to store todoId and tries again.
    const again = await channel.upsertTodo(to, todoSpec('rect-2', { subject: '整改：更新后的标题' }), null);
    expect(again).toMatchObject({ ok: true, todoId: first.todoId });
    const todos = sim.todos('union-dt-health').filter((t) => t.sourceId === 'rect-2');
    expect(todos).toHaveLength(1);
    expect(todos[0]?.subject).toBe('整改：更新后的标题');
  });

  it('after a restart, a duplicate it cannot look up is a retryable error, never a second to-do', async () => {
    const to = recipientOf(city, 'unitA1', 'dt-edu-1');
    const first = await newChannel().channel.upsertTodo(to, todoSpec('rect-3'), null);
    expect(first.ok).toBe(true);
    // A new process that never saw the id: DingTalk says "task exist"; the by-sourceId lookup is missing in the
    // sim, so the adapter cannot resolve it yet.
    const again = await newChannel().channel.upsertTodo(to, todoSpec('rect-3'), null);
    expect(again).toMatchObject({ ok: false, retryable: true });
    expect(!again.ok && again.error).toContain('rect-3');
    expect(sim.todos('union-dt-edu-1').filter((t) => t.sourceId === 'rect-3')).toHaveLength(1);
  });

  it('creates a completed task as a completed to-do', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'admin', 'dt-admin');
    const outcome = await channel.upsertTodo(to, todoSpec('rect-4', { done: true }), null);
    expect(outcome.ok).toBe(true);
    expect(sim.todos('union-dt-admin').find((t) => t.sourceId === 'rect-4')?.done).toBe(true);
  });

  it('re-creates a to-do that was deleted in DingTalk', async () => {
    const { channel } = newChannel();
    const to = recipientOf(city, 'officerA', 'dt-edu');
    const outcome = await channel.upsertTodo(to, todoSpec('rect-5'), 'OPJ-deleted-long-ago');
    expect(outcome.ok).toBe(true);
    expect(outcome.todoId).not.toBe('OPJ-deleted-long-ago');
    expect(sim.todos('union-dt-edu').filter((t) => t.sourceId === 'rect-5')).toHaveLength(1);
  });

  it('looks up and remembers a missing unionId', async () => {
    const leaderId = city.actors.leader.userId ?? 0;
    await db.db
      .update(imIdentities)
      .set({ unionId: null })
      .where(and(eq(imIdentities.userId, leaderId), eq(imIdentities.channel, 'dingtalk')));
    const { channel } = newChannel();
    const to = { ...recipientOf(city, 'leader', 'dt-leader'), unionId: null };
    const outcome = await channel.upsertTodo(to, todoSpec('rect-6'), null);
    expect(outcome.ok).toBe(true);
    expect(sim.todos('union-dt-leader').filter((t) => t.sourceId === 'rect-6')).toHaveLength(1);
    expect((await findImIdentity(db.db, 'dingtalk', 'dt-leader'))?.unionId).toBe('union-dt-leader');
  });

  it('refuses a recipient without any DingTalk identity', async () => {
    const { channel } = newChannel();
    const to = { ...recipientOf(city, 'leader', 'dt-leader'), dingtalkUserId: null, unionId: null };
    expect(await channel.upsertTodo(to, todoSpec('rect-7'), null)).toMatchObject({
      ok: false,
      retryable: false,
    });
  });
});
