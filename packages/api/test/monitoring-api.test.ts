import { recordPayment } from '@jixiao/db/execution';
import { createMonitoringWorker } from '@jixiao/db/monitoring';
import { notices } from '@jixiao/db/schema';
import { createExecutingItem, testFundPlugin } from '@jixiao/db/testing';
import { plugin as pppPlugin } from '@jixiao/plugin-ppp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
let lagging: number;
beforeAll(async () => {
  h = await createApiHarness({ plugins: [testFundPlugin, pppPlugin], today: '2026-08-31' });
  const item = await createExecutingItem(h.city, { approvedAmountFen: 1_000_000 });
  await recordPayment(h.city.platform, h.city.actors.officerA, item.id, {
    paidOn: '2026-06-01',
    amountFen: 200_000,
    source: 'treasury',
  });
  lagging = item.id;
});
afterAll(async () => {
  await h?.close();
});

describe('monitoring through the API', () => {
  it('runs a sweep on demand (finance only), lists warnings with filters, and summarises', async () => {
    const denied = await h.call('POST', '/api/v1/monitoring/runs', { token: h.tokens.officerA });
    expect(denied.status).toBe(403);
    const run = await h.call('POST', '/api/v1/monitoring/runs');
    expect(run.status).toBe(200);
    expect(run.body.created).toBeGreaterThan(0);
    const red = await h.call('GET', `/api/v1/warnings?severity=red&itemId=${lagging}`, {
      token: h.tokens.officerA,
    });
    expect(red.body.warnings.map((w: { ruleId: string }) => w.ruleId)).toContain('core:execution-lag');
    const other = await h.call('GET', `/api/v1/warnings?itemId=${lagging}`, { token: h.tokens.officerB });
    expect(other.body.warnings).toEqual([]);
    const badFilter = await h.call('GET', '/api/v1/warnings?severity=purple');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.message).toContain('severity');
    const summary = await h.call('GET', '/api/v1/monitoring/summary?by=department');
    expect(summary.status).toBe(200);
    expect(summary.body.timeProgressBp).toBe(5833);
    expect(
      summary.body.rows.find((r: { name: string }) => r.name === '景德镇市教育局').warnings.red,
    ).toBeGreaterThan(0);
    const runs = await h.call('GET', '/api/v1/monitoring/runs');
    expect(runs.body.runs[0]).toMatchObject({ status: 'completed', trigger: 'api' });
  });

  it('acknowledges, and a finance admin suspends payment from a warning; payments are then refused through the API', async () => {
    const list = await h.call('GET', `/api/v1/warnings?itemId=${lagging}&ruleId=core:execution-lag`);
    const id = list.body.warnings[0].id;
    const ack = await h.call('POST', `/api/v1/warnings/${id}/acknowledge`, {
      token: h.tokens.officerA,
      body: { explanation: '工程款12月集中支付' },
    });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy.name).toBe('李教育');
    const empty = await h.call('POST', `/api/v1/warnings/${id}/acknowledge`, {
      token: h.tokens.officerA,
      body: { explanation: '  ' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('explanation');
    const sanction = await h.call('POST', `/api/v1/warnings/${id}/sanctions`, {
      body: { sanction: 'suspend_payment', reason: '严重滞后' },
    });
    expect(sanction.status).toBe(200);
    expect(sanction.body.item.state).toBe('suspended');
    const pay = await h.call('POST', `/api/v1/items/${lagging}/payments`, {
      token: h.tokens.officerA,
      body: { paidOn: '2026-08-01', amountFen: 100 },
    });
    expect(pay.status).toBe(409);
    expect(pay.body).toMatchObject({ code: 'payment_blocked', message: expect.stringContaining('暂缓拨款') });
    const lift = await h.call('POST', `/api/v1/items/${lagging}/actions/resume`, {
      body: { reason: '已整改' },
    });
    expect(lift.status).toBe(200);
    const audit = await h.call('GET', `/api/v1/items/${lagging}/audit`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['warning.new', 'warning.acknowledge', 'item.suspend', 'item.resume']),
    );
  });
});

describe('rectification tasks through the API', () => {
  it('creates a task from a warning, the assignee submits, the admin returns then accepts', async () => {
    const list = await h.call('GET', `/api/v1/warnings?itemId=${lagging}&ruleId=core:execution-lag`);
    const warningId = list.body.warnings[0].id;
    const wrongAssignee = await h.call('POST', '/api/v1/rectifications', {
      body: {
        warningId,
        assigneeUserId: h.city.actors.officerB.userId,
        deadline: '2026-09-15',
        requirement: '加快支出',
      },
    });
    expect(wrongAssignee.status).toBe(400);
    expect(wrongAssignee.body.message).toContain('assigneeUserId');
    const created = await h.call('POST', '/api/v1/rectifications', {
      body: {
        warningId,
        assigneeUserId: h.city.actors.officerA.userId,
        deadline: '2026-09-15',
        requirement: '9月15日前说明滞后原因并加快支出',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const dup = await h.call('POST', '/api/v1/rectifications', {
      body: {
        warningId,
        assigneeUserId: h.city.actors.officerA.userId,
        deadline: '2026-09-15',
        requirement: '重复',
      },
    });
    expect(dup.status).toBe(409);
    const mine = await h.call('GET', '/api/v1/rectifications?mine=true&status=open', {
      token: h.tokens.officerA,
    });
    expect(mine.body.tasks.map((t: { id: number }) => t.id)).toContain(id);
    const notMine = await h.call('POST', `/api/v1/rectifications/${id}/submit`, {
      token: h.tokens.admin,
      body: { submission: '代交' },
    });
    expect(notMine.status).toBe(403);
    const submitted = await h.call('POST', `/api/v1/rectifications/${id}/submit`, {
      token: h.tokens.officerA,
      body: { submission: '已督促施工方报账，9月支付300万元', evidence: ['支付凭证GK-0912'] },
    });
    expect(submitted.body.status).toBe('submitted');
    const returned = await h.call('POST', `/api/v1/rectifications/${id}/review`, {
      body: { decision: 'return', comment: '缺少支付凭证扫描件' },
    });
    expect(returned.body).toMatchObject({ status: 'returned', round: 2 });
    await h.call('POST', `/api/v1/rectifications/${id}/submit`, {
      token: h.tokens.officerA,
      body: { submission: '补充扫描件' },
    });
    const accepted = await h.call('POST', `/api/v1/rectifications/${id}/review`, {
      body: { decision: 'accept', comment: '整改到位' },
    });
    expect(accepted.body.status).toBe('accepted');
    const warning = await h.call('GET', `/api/v1/warnings/${warningId}`);
    expect(warning.body.status).toBe('resolved');
    const notices = await h.call('GET', `/api/v1/notices?subject=task:${id}`);
    expect(notices.status).toBe(200);
  });
});

describe('plugin routes', () => {
  it('mounts a plugin route under /api/v1/plugins/{id}, documents it in OpenAPI, and keeps it scoped', async () => {
    const doc = await h.call('GET', '/openapi.json', { token: null });
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/plugins/ppp/affordability');
    const unauth = await h.call('GET', '/api/v1/plugins/ppp/affordability', { token: null });
    expect(unauth.status).toBe(401);
    const ok = await h.call('GET', '/api/v1/plugins/ppp/affordability?fiscalYear=2026');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ fiscalYear: 2026, redLine: 0.1 });
    const bad = await h.call('GET', '/api/v1/plugins/ppp/affordability?fiscalYear=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('fiscalYear');
  });

  it('rejects attributes that fail the fund type’s schema with the field named', async () => {
    const res = await h.call('POST', '/api/v1/items', {
      body: {
        code: 'PPP-BAD',
        name: 'PPP项目',
        kind: 'project',
        fundTypeId: 'ppp',
        orgUnitId: h.city.orgs.deptA,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2026,
        approvedAmountFen: 100,
        responsiblePerson: '王',
        attributes: { paymentMechanism: 'free_lunch' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('attributes.paymentMechanism');
  });
});

describe('signing for a 预警汇总 through the API', () => {
  it('acknowledges the caller’s summary notice and refuses a malformed subject, naming it', async () => {
    const at = h.city.platform.now();
    await h.db.db.insert(notices).values({
      subject: 'warning_batch:41',
      event: 'new',
      recipientUserId: h.city.actors.officerA.userId as number,
      firstSentAt: at,
      lastSentAt: at,
    });
    const bad = await h.call('POST', '/api/v1/notices/acknowledge', {
      token: h.tokens.officerA,
      body: { subject: 'warning_batch:x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('字段 subject');
    const ok = await h.call('POST', '/api/v1/notices/acknowledge', {
      token: h.tokens.officerA,
      body: { subject: 'warning_batch:41' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.acknowledged).toMatchObject({ subject: 'warning_batch:41', acknowledgedVia: 'api' });
  });
});

describe('judging on change through the API', () => {
  it('a payment registered through the API closes its lag warning as soon as it is judged, visible in GET /warnings', async () => {
    const item = await createExecutingItem(h.city, { approvedAmountFen: 1_000_000 });
    const worker = createMonitoringWorker(h.city.platform);
    let kicked = 0;
    h.city.platform.onWritten = () => {
      kicked++;
      worker.kick();
    };
    try {
      const lagOf = async () =>
        (
          await h.call('GET', `/api/v1/warnings?itemId=${item.id}&ruleId=core:execution-lag`, {
            token: h.tokens.officerA,
          })
        ).body.warnings;
      await worker.drain();
      expect(await lagOf()).toHaveLength(1); // nothing paid at 58.33% of the year
      const paid = await h.call('POST', `/api/v1/items/${item.id}/payments`, {
        token: h.tokens.officerA,
        body: { paidOn: '2026-08-15', amountFen: 600_000, source: 'treasury' },
      });
      expect(paid.status).toBe(201);
      expect(kicked).toBe(1); // the write asked for judging at once
      await worker.drain(); // …which is under way: wait for it
      expect(await lagOf()).toEqual([]);
      const refused = await h.call('POST', `/api/v1/items/${item.id}/payments`, {
        token: h.tokens.officerB,
        body: { paidOn: '2026-08-15', amountFen: 1, source: 'treasury' },
      });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(kicked).toBe(1); // a refused write marks nothing and kicks nothing
    } finally {
      h.city.platform.onWritten = undefined;
    }
  });
});
