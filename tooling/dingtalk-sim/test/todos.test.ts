import { afterEach, describe, expect, it } from 'vitest';
import type { DingTalkSim } from '../src/index.ts';
import { call, getToken, startSim } from './helpers.ts';

let sim: DingTalkSim;

afterEach(async () => {
  await sim?.close();
});

const base = '/v1.0/todo/users/union-zhang/tasks';
const detailUrl = { appUrl: 'https://example.gov.cn/m/rect/1', pcUrl: 'https://example.gov.cn/rect/1' };

describe('to-dos', () => {
  it('create, duplicate, get, update, executor status, done, delete', async () => {
    sim = await startSim();
    const token = await getToken(sim);

    const noUrl = await call(sim, 'POST', `${base}?operatorId=union-zhang`, { subject: '整改' }, token);
    expect(noUrl.status).toBe(400);
    expect(noUrl.body).toMatchObject({
      code: 'todo.taskCreate.paramError',
      message: 'detailUrl is required',
    });
    const long = await call(sim, 'POST', base, { subject: '长'.repeat(1025), detailUrl }, token);
    expect(long.body).toMatchObject({ code: 'todo.taskCreate.paramError', message: 'subject is oversize' });
    const longDesc = await call(
      sim,
      'POST',
      base,
      { subject: 'x', description: 'd'.repeat(4097), detailUrl },
      token,
    );
    expect(longDesc.body).toMatchObject({ message: 'description is oversize' });
    const maxOk = await call(sim, 'POST', base, { subject: '长'.repeat(1024), detailUrl }, token);
    expect(maxOk.status).toBe(200);

    const body = {
      sourceId: 'rect-123',
      subject: '整改：XX项目绩效目标未完成',
      description: '请于月底前提交整改报告',
      creatorId: 'union-zhang',
      dueTime: 1_900_000_000_000,
      executorIds: ['union-li', 'union-wang'],
      participantIds: ['union-zhang'],
      detailUrl,
      isOnlyShowExecutor: true,
      priority: 30,
      notifyConfigs: { dingNotify: '1' },
    };
    const created = await call<{ id: string; done: boolean; sourceId: string; requestId: string }>(
      sim,
      'POST',
      `${base}?operatorId=union-zhang`,
      body,
      token,
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      subject: body.subject,
      done: false,
      sourceId: 'rect-123',
      priority: 30,
    });
    const id = created.body.id;
    expect(id).toMatch(/^OPJ/);

    const dup = await call(sim, 'POST', base, body, token);
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ code: 'todo.taskCreate.paramError', message: 'task exist' });

    const li = sim.todos('union-li');
    expect(li).toHaveLength(1);
    expect(li[0]).toMatchObject({ id, ownerUnionId: 'union-zhang', operatorId: 'union-zhang', done: false });
    expect(sim.outbox('u-li').filter((p) => p.kind === 'todo')).toHaveLength(1);
    const outbox = await call<{ todos: unknown[]; pushes: unknown[] }>(
      sim,
      'GET',
      '/sim/api/outbox?userId=u-wang',
    );
    expect(outbox.body.todos).toHaveLength(1);
    expect(outbox.body.pushes).toHaveLength(1);

    const got = await call(sim, 'GET', `${base}/${id}`, undefined, token);
    expect(got.body).toMatchObject({ id, done: false, executorIds: ['union-li', 'union-wang'] });

    const updated = await call(
      sim,
      'PUT',
      `${base}/${id}?operatorId=union-zhang`,
      { subject: '整改（已延期）' },
      token,
    );
    expect(updated.body).toMatchObject({ result: true });
    expect(sim.todos('union-li')[0]?.subject).toBe('整改（已延期）');

    const status = await call(
      sim,
      'PUT',
      `${base}/${id}/executorStatus?operatorId=union-li`,
      { executorStatusList: [{ id: 'union-li', isDone: true }] },
      token,
    );
    expect(status.body).toMatchObject({ result: true });
    expect(sim.todos('union-li')[0]?.executorStatus).toEqual({ 'union-li': true, 'union-wang': false });
    const stranger = await call(
      sim,
      'PUT',
      `${base}/${id}/executorStatus`,
      { executorStatusList: [{ id: 'union-nobody', isDone: true }] },
      token,
    );
    expect(stranger.status).toBe(400);

    await call(sim, 'PUT', `${base}/${id}`, { done: true }, token);
    const done = sim.todos('union-li')[0];
    expect(done?.done).toBe(true);
    expect(done?.finishTime).toEqual(expect.any(Number));

    const deleted = await call(sim, 'DELETE', `${base}/${id}?operatorId=union-zhang`, undefined, token);
    expect(deleted.body).toMatchObject({ result: true, requestId: expect.any(String) });
    expect(sim.todos('union-li')).toEqual([]);
    const gone = await call(sim, 'GET', `${base}/${id}`, undefined, token);
    expect(gone.status).toBe(404);
    const again = await call(sim, 'DELETE', `${base}/${id}`, undefined, token);
    expect(again.status).toBe(404);
  });

  it('requires a token and a known unionId', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    const noToken = await call(sim, 'POST', base, { subject: 'x', detailUrl });
    expect(noToken.status).toBe(401);
    const unknown = await call(
      sim,
      'POST',
      '/v1.0/todo/users/union-ghost/tasks',
      { subject: 'x', detailUrl },
      token,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ message: 'user not exist' });
  });
});
