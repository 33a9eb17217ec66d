import { SYSTEM_ACTOR } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import { createUser } from '@jixiao/db/master-data';
import { publishedSets, recordFeedback } from '@jixiao/db/publications';
import { createExecutingItem } from '@jixiao/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
let reviewerToken: string;
let itemId: number;

beforeAll(async () => {
  h = await createApiHarness({ today: '2026-09-01' });
  const u = await createUser(h.city.platform, SYSTEM_ACTOR, {
    name: '孙审核',
    orgUnitId: h.city.orgs.finance,
    roles: ['finance_admin'],
  });
  reviewerToken = (await issueToken(h.db.db, u.id, 'test')).token;
  itemId = (await createExecutingItem(h.city, { name: '城区学校校舍改造', responsiblePerson: '张建国' })).id;
});
afterAll(() => h?.close());

describe('/publications (DI-4)', () => {
  it('selects, submits, reviews by another person, and gives the congress package of the approved version', async () => {
    const refused = await h.call('POST', '/api/v1/publications', {
      token: h.tokens.officerA,
      body: { fiscalYear: 2026, draft: 'budget', itemIds: [itemId] },
    });
    expect(refused.status).toBe(403);
    const created = await h.call('POST', '/api/v1/publications', {
      body: { fiscalYear: 2026, draft: 'budget', itemIds: [itemId] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      status: 'draft',
      statusLabel: '选编中',
      draftLabel: '预算草案',
    });
    expect(JSON.stringify(created.body.public)).not.toContain('张建国');
    const id = created.body.id as number;
    const early = await h.request(`/api/v1/publications/${id}/congress-report`, {});
    expect(early.status).toBe(409);
    expect((await h.call('POST', `/api/v1/publications/${id}/submit`)).body.status).toBe('submitted');
    const self = await h.call('POST', `/api/v1/publications/${id}/review`, {
      body: { decision: 'approve', publishOn: '2026-09-01' },
    });
    expect(self.status).toBe(403);
    const badDate = await h.call('POST', `/api/v1/publications/${id}/review`, {
      token: reviewerToken,
      body: { decision: 'approve' },
    });
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('publishOn');
    const approved = await h.call('POST', `/api/v1/publications/${id}/review`, {
      token: reviewerToken,
      body: { decision: 'approve', publishOn: '2026-09-01' },
    });
    expect(approved.body).toMatchObject({ status: 'approved', publishOn: '2026-09-01' });
    for (const [path, type] of [
      ['congress-report', 'wordprocessingml'],
      ['congress-tables', 'spreadsheetml'],
    ] as const) {
      const res = await h.request(`/api/v1/publications/${id}/${path}`, { token: h.tokens.leader });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
    }
    const list = await h.call('GET', '/api/v1/publications?fiscalYear=2026', { token: h.tokens.officerA });
    expect(
      list.body.publications.map((p: { version: number; status: string }) => [p.version, p.status]),
    ).toEqual([[1, 'approved']]);
  });

  it('lets the department answer a comment and publish the answer; gives the satisfaction evidence', async () => {
    const [set] = await publishedSets(h.db.db, '2026-09-01');
    if (!set) throw new Error('no published set');
    const code = set.current.snapshot.subjects[0]?.key as string;
    const { id } = await recordFeedback(
      h.city.platform,
      set,
      {
        itemKey: code,
        satisfaction: 2,
        comment: '进度太慢',
        contact: null,
        clientHash: 'c1',
        challenge: 'ch-1',
      },
      { perClientPerHour: 5 },
    );
    const mine = await h.call('GET', '/api/v1/public-feedback?unanswered=true', { token: h.tokens.officerA });
    expect(mine.body.feedback.map((f: { id: number }) => f.id)).toEqual([id]);
    const other = await h.call('GET', '/api/v1/public-feedback', { token: h.tokens.officerB });
    expect(other.body.feedback).toEqual([]);
    const replied = await h.call('POST', `/api/v1/public-feedback/${id}/reply`, {
      token: h.tokens.officerA,
      body: { reply: '已督促施工单位加快进度', publish: true },
    });
    expect(replied.body).toMatchObject({ reply: '已督促施工单位加快进度', replyPublished: true });
    const evidence = await h.call(
      'GET',
      `/api/v1/public-feedback/satisfaction?fiscalYear=2026&itemCode=${code}`,
    );
    expect(evidence.body).toMatchObject({ responses: 1, average: 2, satisfiedShare: 0 });
  });

  it('runs the assessment of performance-management work and exports one row per party', async () => {
    expect(
      (
        await h.call('POST', '/api/v1/management-assessments', {
          token: h.tokens.officerA,
          body: { fiscalYear: 2026 },
        })
      ).status,
    ).toBe(403);
    const run = await h.call('POST', '/api/v1/management-assessments', { body: { fiscalYear: 2026 } });
    expect(run.status).toBe(201);
    // Equal totals share a rank (1, 1, 3).
    expect(run.body.scores.map((s: { rank: number }) => s.rank)).toHaveLength(3);
    expect(run.body.scores[0].rank).toBe(1);
    const xlsx = await h.request(`/api/v1/management-assessments/${run.body.id}/export`, {});
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getRow(2).getCell(1).value).toBe('排名');
    expect(ws.getRow(2).getCell(6).value).toBe('绩效目标按时报送（15分）');
    expect(ws.rowCount).toBe(2 + run.body.scores.length);
    expect(ws.getRow(3).getCell(1).value).toBe(run.body.scores[0].rank);
    expect(ws.getRow(3).getCell(4).value).toBe(run.body.scores[0].total);
    const csv = await h.request(`/api/v1/management-assessments/${run.body.id}/export?format=csv`, {});
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('排名,被考核单位,类别,得分,考核结果,扣分原因');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4);
    const notice = await h.request(`/api/v1/management-assessments/${run.body.id}/notice`, {});
    expect(notice.status).toBe(200);
    expect(notice.headers.get('content-type')).toContain('wordprocessingml');
    const bottom = run.body.scores.find((s: { outcome: string | null }) => s.outcome === 'interviewed') as
      | { partyId: number }
      | undefined;
    const top = run.body.scores.find((s: { outcome: string | null }) => s.outcome !== 'interviewed') as {
      partyId: number;
    };
    if (bottom) {
      const rec = await h.call('POST', `/api/v1/management-assessments/${run.body.id}/interviews`, {
        body: {
          partyId: bottom.partyId,
          heldOn: '2026-09-01',
          summary: '局长到会，说明目标未报送原因并作出整改承诺',
        },
      });
      expect(rec.status).toBe(200);
      expect(
        rec.body.scores.find((s: { partyId: number }) => s.partyId === bottom.partyId).interview,
      ).toMatchObject({
        heldOn: '2026-09-01',
        recordedBy: '王财政',
      });
    }
    const notInterviewed = await h.call('POST', `/api/v1/management-assessments/${run.body.id}/interviews`, {
      body: { partyId: top.partyId, heldOn: '2026-09-01', summary: '无' },
    });
    expect(notInterviewed.status).toBe(409);
  });

  it('sets the target submission deadline per region and year, for the bureau only, with the field named', async () => {
    const path = `/api/v1/regions/${h.city.regionId}/target-deadlines/2026`;
    expect((await h.call('GET', path)).body).toEqual({
      regionId: h.city.regionId,
      fiscalYear: 2026,
      deadline: null,
    });
    const refused = await h.call('PUT', path, { token: h.tokens.officerA, body: { deadline: '2026-03-31' } });
    expect(refused.status).toBe(403);
    const bad = await h.call('PUT', path, { body: { deadline: '2026-02-30' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('deadline');
    const set = await h.call('PUT', path, { body: { deadline: '2026-03-31' } });
    expect(set.status).toBe(200);
    expect((await h.call('GET', path)).body.deadline).toBe('2026-03-31');
    const run = await h.call('POST', '/api/v1/management-assessments', { body: { fiscalYear: 2026 } });
    const evidence = run.body.scores.flatMap((s: { indicators: Array<{ key: string; evidence: string }> }) =>
      s.indicators.filter((i) => i.key === 'targetsOnTime').map((i) => i.evidence),
    );
    expect(evidence.every((e: string) => e.startsWith('报送截止日期2026-03-31，'))).toBe(true);
  });
});
