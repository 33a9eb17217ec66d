import { schema } from '@jixiao/db';
import { createExecutingItem } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let itemId: number;
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-11-30' });
  itemId = (await createExecutingItem(api.city, { name: '城区学校食堂改造', approvedAmountFen: 500_000_00 }))
    .id;
});
afterAll(() => api.close());

const poorResult = () => ({
  source: 'key_evaluation',
  fiscalYear: 2026,
  itemId,
  score: 55,
  grade: 'poor',
  summary: '项目实施进度严重滞后，资金闲置',
  findings: [
    { finding: '资金闲置超过6个月', requiredAction: '制定支出计划并按月报送进度', deadline: '2027-01-31' },
    { finding: '绩效指标未量化' },
  ],
});

describe('evaluation results are fed back and rectified', () => {
  it('refuses a department that records its own result, and names a missing subject', async () => {
    const own = await api.call('POST', '/api/v1/evaluation-results', {
      token: api.tokens.officerA,
      body: poorResult(),
    });
    expect(own.status).toBe(403);
    const noItem = await api.call('POST', '/api/v1/evaluation-results', {
      body: { ...poorResult(), itemId: undefined },
    });
    expect(noItem.status).toBe(400);
    expect(noItem.body.message).toContain('itemId');
  });

  it('records a 差 result: a rectification task per required action, a notice for the department', async () => {
    const res = await api.call('POST', '/api/v1/evaluation-results', { body: poorResult() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      gradeLabel: '差',
      subject: { id: itemId },
      rectificationComplete: false,
    });
    const [withAction, withoutAction] = res.body.findings;
    expect(withAction.task).toMatchObject({ status: 'assigned', assignee: '李教育' });
    expect(withoutAction.task).toBeNull();

    const sent = await api.db.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.kind, 'evaluation_result'));
    expect(sent.map((r) => r.recipientUserId)).toContain(api.city.actors.officerA.userId);

    // The same result twice is a conflict, not a second task.
    expect((await api.call('POST', '/api/v1/evaluation-results', { body: poorResult() })).status).toBe(409);

    // The department sees its result; another department does not.
    const mine = await api.call('GET', `/api/v1/evaluation-results?itemId=${itemId}`, {
      token: api.tokens.officerA,
    });
    expect(mine.body.data).toHaveLength(1);
    const theirs = await api.call('GET', `/api/v1/evaluation-results/${res.body.id}`, {
      token: api.tokens.officerB,
    });
    expect(theirs.status).toBe(404);
    // Who signed for the result is visible where the result is.
    const subject = `evaluation_result:${res.body.id}`;
    expect(
      (await api.call('GET', `/api/v1/notices?subject=${subject}`, { token: api.tokens.officerA })).status,
    ).toBe(200);
    expect(
      (await api.call('GET', `/api/v1/notices?subject=${subject}`, { token: api.tokens.officerB })).status,
    ).toBe(404);

    // Rectified and accepted: the result shows its rectification complete.
    const taskId = withAction.task.id;
    expect(
      (
        await api.call('POST', `/api/v1/rectifications/${taskId}/submit`, {
          token: api.tokens.officerA,
          body: { submission: '已制定支出计划，闲置资金已拨付' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call('POST', `/api/v1/rectifications/${taskId}/review`, {
          body: { decision: 'accept', comment: '整改到位' },
        })
      ).status,
    ).toBe(200);
    const after = await api.call('GET', `/api/v1/evaluation-results/${res.body.id}`, {
      token: api.tokens.officerA,
    });
    expect(after.body.rectificationComplete).toBe(true);
  });

  it('records a county’s comprehensive evaluation without rectification tasks', async () => {
    const res = await api.call('POST', '/api/v1/evaluation-results', {
      body: {
        source: 'county_evaluation',
        fiscalYear: 2026,
        regionId: api.city.countyRegionId,
        score: 88.5,
        grade: 'good',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subjectKind: 'region',
      subject: { name: '浮梁县' },
      rectificationComplete: true,
    });
  });
});
