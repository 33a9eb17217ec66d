import { issueToken } from '@jixiao/db/auth';
import { applyAction } from '@jixiao/db/items';
import { createExecutingItem } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
let institutionId: number;
const expertTokens: string[] = [];
const expertIds: number[] = [];
let staffToken: string;

/** The text of word/document.xml in a DOCX, tags removed. */
function docxText(file: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'word/document.xml') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () =>
            resolve(
              Buffer.concat(chunks)
                .toString('utf8')
                .replace(/<w:tab\/>|<\/w:p>/g, '\n')
                .replace(/<[^>]+>/g, ''),
            ),
          );
        });
      });
      zip.on('end', () => reject(new Error('no word/document.xml')));
      zip.readEntry();
    });
  });
}

async function user(name: string, orgUnitId: number, roles: string[]) {
  const res = await h.call('POST', '/api/v1/users', { body: { name, orgUnitId, roles } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as number, token: (await issueToken(h.db.db, res.body.id, 'test')).token };
}

beforeAll(async () => {
  h = await createApiHarness();
  const org = await h.call('POST', '/api/v1/org-units', {
    body: {
      code: 'TP-HC',
      name: '江西华诚绩效评价咨询有限公司',
      kind: 'third_party',
      regionId: h.city.regionId,
    },
  });
  const inst = await h.call('POST', '/api/v1/institutions', {
    body: {
      name: '江西华诚绩效评价咨询有限公司',
      credentials: '省财政厅第三方机构库入库',
      orgUnitId: org.body.id,
    },
  });
  institutionId = inst.body.id;
  const staff = await user('钱项目', org.body.id, ['evaluator']);
  staffToken = staff.token;
  const people = [
    ['孙教授', '江西财经大学', '教育经济'],
    ['周高工', '江西省建筑设计研究总院', '工程造价'],
    ['吴会计', '华诚会计师事务所', '财务审计'],
  ] as const;
  for (const [name, employer, field] of people) {
    const u = await user(name, org.body.id, ['evaluator']);
    const e = await h.call('POST', '/api/v1/experts', {
      body: { name, fields: [field], title: '高级职称', employer, userId: u.id, institutionId },
    });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    expertIds.push(e.body.id);
    expertTokens.push(u.token);
  }
});
afterAll(() => h.close());

async function selfEvaluatedItem(name: string) {
  const item = await createExecutingItem(h.city, { name });
  await applyAction(h.city.platform, h.city.actors.officerA, item.id, 'submit_self_evaluation', {
    selfScore: 92,
  });
  return item;
}

describe('expert and institution library', () => {
  it('is kept by the finance bureau; a department officer may not add experts', async () => {
    const refused = await h.call('POST', '/api/v1/experts', {
      token: h.tokens.officerA,
      body: { name: '某', fields: ['教育'], title: '教授', employer: '某大学' },
    });
    expect(refused.status).toBe(403);
    const bad = await h.call('POST', '/api/v1/experts', {
      body: { name: '某', fields: [], title: '教授', employer: '某大学' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('fields');
    expect(bad.body.message).toContain('至少填写一个专业领域');
    const list = await h.call('GET', '/api/v1/experts?field=工程');
    expect(list.body.experts.map((e: { name: string }) => e.name)).toEqual(['周高工']);
    // The library (contacts, ratings) is the bureau's: a department sees none, an expert only their own record.
    expect((await h.call('GET', '/api/v1/experts', { token: h.tokens.officerA })).body.experts).toEqual([]);
    const own = await h.call('GET', '/api/v1/experts', { token: expertTokens[1] });
    expect(own.body.experts.map((e: { name: string }) => e.name)).toEqual(['周高工']);
    expect((await h.call('GET', `/api/v1/experts/${expertIds[0]}`, { token: expertTokens[1] })).status).toBe(
      404,
    );
    expect(
      (await h.call('GET', `/api/v1/institutions/${institutionId}/library`, { token: h.tokens.officerA }))
        .status,
    ).toBe(404);
  });

  it('records the institution’s qualifications, staff and past jobs', async () => {
    const res = await h.call('PATCH', `/api/v1/institutions/${institutionId}/library`, {
      body: { qualifications: ['AAA级信用', '省第三方机构库入库'], staffCount: 46, fields: ['教育', '交通'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      qualifications: ['AAA级信用', '省第三方机构库入库'],
      staffCount: 46,
      status: 'active',
    });
    expect(res.body.staff.map((s: { name: string }) => s.name)).toEqual(['孙教授', '周高工', '吴会计']);
  });
});

describe('a third-party key evaluation through the API', () => {
  let evaluationId: number;
  let itemId: number;

  it('is planned by the bureau with the indicator system of the fund type (EV-7 when it declares none)', async () => {
    const item = await selfEvaluatedItem('城区义务教育学校扩容工程');
    itemId = item.id;
    const res = await h.call('POST', '/api/v1/evaluations', {
      body: {
        kind: 'project',
        title: '2026年城区义务教育学校扩容工程重点绩效评价',
        itemId,
        fiscalYear: 2026,
        carrier: 'third_party',
        institutionId,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    evaluationId = res.body.id;
    expect(res.body).toMatchObject({
      status: 'planned',
      aggregation: 'trimmed_mean',
      institution: { id: institutionId },
    });
    expect([...new Set(res.body.lines.map((l: { dimension: string }) => l.dimension))]).toEqual([
      '决策',
      '过程',
      '产出',
      '效益',
    ]);
    const total = res.body.lines.reduce((s: number, l: { weight: number }) => s + l.weight, 0);
    expect(total).toBe(100);
  });

  it('refuses an institution that recently worked for the evaluated department', async () => {
    const org = await h.call('POST', '/api/v1/org-units', {
      body: { code: 'TP-XY', name: '信远咨询', kind: 'third_party', regionId: h.city.regionId },
    });
    const inst = await h.call('POST', '/api/v1/institutions', {
      body: { name: '信远咨询', credentials: '入库', orgUnitId: org.body.id },
    });
    await h.call('POST', `/api/v1/institutions/${inst.body.id}/work`, {
      body: { orgUnitId: h.city.orgs.unitA1, description: '一中食堂改造项目跟踪审计', endedOn: '2025-12-31' },
    });
    const res = await h.call('POST', '/api/v1/evaluations', {
      body: {
        kind: 'project',
        title: '再评',
        itemId,
        fiscalYear: 2026,
        carrier: 'third_party',
        institutionId: inst.body.id,
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('第三方机构“信远咨询”与被评价单位存在利益冲突');
    expect(res.body.message).toContain('近3年曾为被评价单位或其主管部门提供服务');
  });

  it('refuses a conflicting expert with a clear message and assigns three without conflicts', async () => {
    const employee = await h.call('POST', '/api/v1/experts', {
      body: {
        name: '郑校长',
        fields: ['教育管理'],
        title: '正高级教师',
        employer: '景德镇市第一中学',
        employerOrgUnitId: h.city.orgs.unitA1,
      },
    });
    const refused = await h.call('POST', `/api/v1/evaluations/${evaluationId}/experts`, {
      body: { expertId: employee.body.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      '专家“郑校长”与被评价单位存在利益冲突，不能承担本次评价：本人任职于被评价单位或其主管部门（景德镇市教育局）',
    );
    expect(refused.body.details.issues[0].path).toBe('expertId');

    const outboxBefore = await count('outbox', "kind = 'evaluation_assignment'");
    for (const expertId of expertIds) {
      const res = await h.call('POST', `/api/v1/evaluations/${evaluationId}/experts`, { body: { expertId } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // Each expert is told of the assignment.
    expect(await count('outbox', "kind = 'evaluation_assignment'")).toBe(outboxBefore + 3);
    const dup = await h.call('POST', `/api/v1/evaluations/${evaluationId}/experts`, {
      body: { expertId: expertIds[0] },
    });
    expect(dup.status).toBe(409);
  });

  it('experts score each line blind; nobody sees the others’ scores before submitting their own', async () => {
    const ev = await h.call('GET', `/api/v1/evaluations/${evaluationId}`, { token: expertTokens[0] });
    expect(ev.status).toBe(200);
    const lines = ev.body.lines as Array<{ key: string; weight: number }>;
    // Not started yet.
    const early = await h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
      token: expertTokens[0],
      body: { scores: [{ lineKey: lines[0]?.key, score: 1 }] },
    });
    expect(early.status).toBe(409);
    expect(
      (await h.call('POST', `/api/v1/evaluations/${evaluationId}/start`, { token: staffToken })).status,
    ).toBe(200);

    const shares = [1, 0.85, 0.6];
    const over = await h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
      token: expertTokens[0],
      body: { scores: [{ lineKey: lines[0]?.key, score: (lines[0]?.weight ?? 0) + 1 }] },
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('scores.0.score');
    expect(over.body.message).toContain('超过分值');

    const half = await h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
      token: expertTokens[0],
      body: { scores: [{ lineKey: lines[0]?.key, score: lines[0]?.weight }], submit: true },
    });
    expect(half.status).toBe(400);
    expect(half.body.message).toContain(`还有${lines.length - 1}项指标未打分`);

    for (const [i, token] of expertTokens.entries()) {
      const res = await h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
        token,
        body: {
          scores: lines.map((l) => ({
            lineKey: l.key,
            score: Math.round(l.weight * (shares[i] as number) * 100) / 100,
          })),
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.remaining).toEqual([]);
    }
    const blind = await h.call('GET', `/api/v1/evaluations/${evaluationId}/scores`, {
      token: expertTokens[1],
    });
    expect(blind.body.all).toBeNull();
    expect(blind.body.blindReason).toContain('提交本人评分后');
    expect(blind.body.mine).toHaveLength(lines.length);

    const submit = (token: string) =>
      h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
        token,
        body: { scores: [{ lineKey: lines[0]?.key, score: lines[0]?.weight }], submit: true },
      });
    // The first expert re-scores line 1 at full weight and submits.
    expect((await submit(expertTokens[0] as string)).status).toBe(200);
    const seen = await h.call('GET', `/api/v1/evaluations/${evaluationId}/scores`, {
      token: expertTokens[0],
    });
    expect(seen.body.all).toHaveLength(lines.length * 3);
    const again = await submit(expertTokens[0] as string);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('您已提交评分，不能再修改');

    // The report needs every expert's scores.
    const early2 = await h.call('POST', `/api/v1/evaluations/${evaluationId}/report`, {
      token: staffToken,
      body: { findings: '问题', recommendations: '建议' },
    });
    expect(early2.status).toBe(409);
    expect(early2.body.message).toContain('还有2位专家未提交评分');
    // A department officer is not on the panel.
    const outsider = await h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
      token: h.tokens.officerA,
      body: { scores: [{ lineKey: lines[0]?.key, score: 1 }] },
    });
    expect(outsider.status).toBe(403);
    for (const t of expertTokens.slice(1)) {
      const r = await h.call('PUT', `/api/v1/evaluations/${evaluationId}/scores`, {
        token: t,
        body: {
          scores: [{ lineKey: lines[0]?.key, score: Math.round((lines[0]?.weight ?? 0) * 0.85 * 100) / 100 }],
          submit: true,
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  });

  it('records the methods used with their inputs and results', async () => {
    const res = await h.call('POST', `/api/v1/evaluations/${evaluationId}/methods`, {
      token: staffToken,
      body: {
        method: 'public_judgement',
        inputs: { answers: [5, 5, 4, 4, 4, 3, 5, 4, 2, 5] },
        note: '家长满意度抽样问卷',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.result).toMatchObject({ responses: 10, satisfiedShare: 0.8 });
    expect(res.body.summary).toContain('满意率80%');
    const bad = await h.call('POST', `/api/v1/evaluations/${evaluationId}/methods`, {
      token: staffToken,
      body: { method: 'cost_benefit', inputs: { flows: [], discountRate: 0.05 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('至少一年的成本和效益');
  });

  it('the institution reports; the score follows the trimmed mean; the bureau accepts and the item is evaluated', async () => {
    const foreign = await h.call('POST', `/api/v1/evaluations/${evaluationId}/report`, {
      token: staffToken,
      body: {
        findings: '问题',
        recommendations: '建议',
        evidence: [{ title: '别的项目的文件', attachmentId: 999 }],
      },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toBe('字段 evidence.0.attachmentId：附件 999 不存在或不属于被评价项目');
    const report = await h.call('POST', `/api/v1/evaluations/${evaluationId}/report`, {
      token: staffToken,
      body: {
        findings: '部分学校竣工验收滞后两个月。\n学位供给统计口径不一。',
        recommendations: '建立竣工验收倒排工期机制。\n统一学位统计口径。',
        summary: '项目总体实现预期目标。',
        evidence: [{ title: '竣工验收报告（纸质）' }, { title: '家长满意度问卷汇总表' }],
      },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    // Trimmed mean of full, 85% and 60% of each weight: 85% of 100.
    expect(report.body).toMatchObject({
      status: 'reported',
      score: 85,
      grade: { code: 'good', label: '良' },
    });

    const officerView = await h.call('GET', `/api/v1/evaluations/${evaluationId}`, {
      token: h.tokens.officerA,
    });
    expect(officerView.status).toBe(200);
    const other = await h.call('GET', `/api/v1/evaluations/${evaluationId}`, { token: h.tokens.officerB });
    expect(other.status).toBe(404);

    const accepted = await h.call('POST', `/api/v1/evaluations/${evaluationId}/accept`, {
      body: { comment: '同意验收' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.lifecycle).toEqual({ moved: true, note: '项目已转为“已完成评价”' });
    const item = await h.call('GET', `/api/v1/items/${itemId}`);
    expect(item.body.state).toBe('evaluated');
    // Its result stands in the registry; the recommendations are the rectification it requires.
    const results = await h.call('GET', `/api/v1/evaluation-results?itemId=${itemId}&source=key_evaluation`);
    expect(results.body.data).toHaveLength(1);
    expect(results.body.data[0]).toMatchObject({ sourceRef: `key_evaluation:${evaluationId}` });
    // The job counts as work for the department: the same experts conflict with its next evaluation.
    const record = await h.call('GET', `/api/v1/experts/${expertIds[0]}`);
    expect(record.body.work[0]).toMatchObject({ evaluationId, orgUnit: { id: h.city.orgs.deptA } });
  });

  it('produces the DOCX report from the data, with the scores and the evidence list', async () => {
    const res = await h.request(`/api/v1/evaluations/${evaluationId}/report-document`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const text = await docxText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('2026年城区义务教育学校扩容工程重点绩效评价');
    expect(text).toContain('综合得分：85分，评价等级：良。');
    expect(text).toContain('江西华诚绩效评价咨询有限公司');
    expect(text).toContain('孙教授');
    expect(text).toContain('去掉最高分和最低分后平均');
    expect(text).toContain('部分学校竣工验收滞后两个月。');
    expect(text).toContain('公众评判法：有效问卷10份，满意率80%');
    expect(text).toContain('证据清单');
    expect(text).toContain('家长满意度问卷汇总表');
  });

  it('rates the institution’s quality afterwards; a low rating suspends it, misconduct removes an expert', async () => {
    const due = await h.call('GET', `/api/v1/institutions/${institutionId}/library`);
    expect(due.body.ratingDue).toEqual([evaluationId]);
    const marks = { basis: 10, indicators: 10, data: 10, conclusion: 10, recommendations: 5, timeliness: 5 };
    const low = await h.call('POST', `/api/v1/institutions/${institutionId}/ratings`, {
      body: { evaluationId, marks },
    });
    expect(low.status, JSON.stringify(low.body)).toBe(201);
    expect(low.body).toMatchObject({ total: 50, outcome: 'suspend', status: 'suspended' });
    expect((await h.call('GET', `/api/v1/institutions/${institutionId}/library`)).body.ratingDue).toEqual([]);
    const missing = await h.call('POST', `/api/v1/experts/${expertIds[2]}/ratings`, {
      body: { marks: { basis: 10 } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('marks.indicators');
    const removed = await h.call('POST', `/api/v1/experts/${expertIds[2]}/ratings`, {
      body: {
        evaluationId,
        marks: { ...marks, basis: 20, indicators: 20, data: 20, conclusion: 20 },
        misconduct: true,
      },
    });
    expect(removed.body).toMatchObject({ total: 90, outcome: 'remove', status: 'removed' });
    // A suspended expert may not go on scoring an evaluation still under way.
    const item2 = await selfEvaluatedItem('二中食堂改造');
    const open = await h.call('POST', '/api/v1/evaluations', {
      body: {
        kind: 'project',
        title: '食堂改造评价',
        itemId: item2.id,
        fiscalYear: 2026,
        carrier: 'expert_panel',
      },
    });
    const lin = await user('林研究员', h.city.orgs.finance, ['evaluator']);
    const linExpert = await h.call('POST', '/api/v1/experts', {
      body: {
        name: '林研究员',
        fields: ['教育'],
        title: '研究员',
        employer: '省教育科学研究院',
        userId: lin.id,
      },
    });
    expect(
      (
        await h.call('POST', `/api/v1/evaluations/${open.body.id}/experts`, {
          body: { expertId: linExpert.body.id },
        })
      ).status,
    ).toBe(200);
    await h.call('POST', `/api/v1/evaluations/${open.body.id}/start`);
    await h.call('POST', `/api/v1/experts/${linExpert.body.id}/status`, {
      body: { status: 'suspended', reason: '泄露评价信息' },
    });
    const blocked = await h.call('PUT', `/api/v1/evaluations/${open.body.id}/scores`, {
      token: lin.token,
      body: { scores: [{ lineKey: '1.1', score: 1 }] },
    });
    expect(blocked.status).toBe(403);
    expect(blocked.body.message).toContain('已被暂停使用或清退出专家库');
    const back = await h.call('POST', `/api/v1/experts/${expertIds[2]}/status`, {
      body: { status: 'active', reason: '申诉' },
    });
    expect(back.status).toBe(400);
    expect(back.body.message).toContain('已清退出库，不能恢复');
    // A suspended institution is not commissioned again.
    const item = await selfEvaluatedItem('二中运动场改造');
    const res = await h.call('POST', '/api/v1/evaluations', {
      body: {
        kind: 'project',
        title: '再评',
        itemId: item.id,
        fiscalYear: 2026,
        carrier: 'third_party',
        institutionId,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('已暂停使用或清退出库');
    const audit = await count('audit_entries', "action in ('institution.rate','expert.rate')");
    expect(audit).toBe(2);
  });
});

describe('department-wide evaluation', () => {
  it('uses the six dimensions of the department-wide target and scores by the same flow', async () => {
    const res = await h.call('POST', '/api/v1/evaluations', {
      body: {
        kind: 'department',
        title: '景德镇市卫生健康委员会2026年度部门整体绩效评价',
        departmentId: h.city.orgs.deptB,
        fiscalYear: 2026,
        carrier: 'expert_panel',
        aggregation: 'mean',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect([...new Set(res.body.lines.map((l: { dimension: string }) => l.dimension))]).toEqual([
      '履职效能',
      '运行成本',
      '管理效率',
      '社会效应',
      '可持续发展能力',
      '服务对象满意度',
    ]);
    const id = res.body.id;
    const edited = await h.call('PUT', `/api/v1/evaluations/${id}/indicators`, {
      body: { lines: [{ key: '1', dimension: '履职效能', name: '重点工作', weight: 60, scoring: '逐项' }] },
    });
    expect(edited.status).toBe(400);
    expect(edited.body.message).toContain('各指标分值合计须为100分，现为60分');
    const lines = [
      { key: '1', dimension: '履职效能', name: '重点工作完成', weight: 60, scoring: '逐项' },
      { key: '2', dimension: '服务对象满意度', name: '群众满意度', weight: 40, scoring: '满意度×分值' },
    ];
    expect((await h.call('PUT', `/api/v1/evaluations/${id}/indicators`, { body: { lines } })).status).toBe(
      200,
    );
    for (const expertId of expertIds.slice(0, 2)) {
      await h.call('POST', `/api/v1/evaluations/${id}/experts`, { body: { expertId } });
    }
    expect((await h.call('POST', `/api/v1/evaluations/${id}/start`)).status).toBe(200);
    const scores = [
      [54, 36],
      [48, 30],
    ];
    for (const [i, s] of scores.entries()) {
      const r = await h.call('PUT', `/api/v1/evaluations/${id}/scores`, {
        token: expertTokens[i],
        body: {
          scores: [
            { lineKey: '1', score: s[0] },
            { lineKey: '2', score: s[1] },
          ],
          submit: true,
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const rep = await h.call('POST', `/api/v1/evaluations/${id}/report`, {
      body: { findings: '运行成本偏高', recommendations: '压减一般性支出' },
    });
    // Mean of 90 and 78.
    expect(rep.body).toMatchObject({ score: 84, grade: { code: 'good' } });
    const acc = await h.call('POST', `/api/v1/evaluations/${id}/accept`);
    expect(acc.status).toBe(200);
    expect(acc.body.lifecycle).toBeNull();
  });
});

describe('comprehensive fiscal evaluation of the counties', () => {
  it('maintains each county’s facts, scores and ranks them; a county sees only its own line', async () => {
    const second = await h.call('POST', '/api/v1/regions', {
      body: { code: '360281', name: '乐平市', level: 'county', parentId: h.city.regionId },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const put = (id: number, body: Record<string, unknown>, token?: string) =>
      h.call('PUT', `/api/v1/regions/${id}/fiscal-facts/2025`, { body, token });
    const wan = 1_000_000; // fen in 万元
    const fuliang = await put(h.city.countyRegionId, {
      generalBudgetRevenueFen: 100_000 * wan,
      taxRevenueFen: 80_000 * wan,
      basicGuaranteesArrangedFen: 50_000 * wan,
      basicGuaranteesNeededFen: 50_000 * wan,
      debtBalanceFen: 100_000 * wan,
      comprehensiveFinancialResourcesFen: 100_000 * wan,
      treasuryCashFen: 10_000 * wan,
      monthlyExpenditureFen: 10_000 * wan,
      executionRateBp: 9_500,
      managementScore: 90,
    });
    expect(fuliang.status, JSON.stringify(fuliang.body)).toBe(200);
    const bad = await put(second.body.id, { taxRevenueFen: 2, generalBudgetRevenueFen: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('taxRevenueFen');
    await put(second.body.id, {
      generalBudgetRevenueFen: 200_000 * wan,
      taxRevenueFen: 120_000 * wan,
      basicGuaranteesArrangedFen: 45_000 * wan,
      basicGuaranteesNeededFen: 50_000 * wan,
      debtBalanceFen: 250_000 * wan,
      comprehensiveFinancialResourcesFen: 100_000 * wan,
      treasuryCashFen: 3_000 * wan,
      monthlyExpenditureFen: 10_000 * wan,
      executionRateBp: 9_000,
      managementScore: 80,
    });
    // A county finance bureau may not write another county's facts.
    const foreign = await put(second.body.id, { executionRateBp: 10_000 }, h.tokens.countyAdmin);
    expect(foreign.status).toBe(404);

    const ranking = await h.call('GET', `/api/v1/regions/${h.city.regionId}/county-fiscal-evaluation/2025`);
    expect(ranking.status).toBe(200);
    expect(ranking.body.counties.map((c: { name: string; rank: number }) => [c.name, c.rank])).toEqual([
      ['浮梁县', 1],
      ['乐平市', 2],
    ]);
    // 浮梁县: tax 80% → 20; 三保 100% → 15; debt 100% green → 20; cash 1 month → 15; 95% → 14.25; 90 → 13.5.
    expect(ranking.body.counties[0].total).toBe(97.75);
    const countyView = await h.call(
      'GET',
      `/api/v1/regions/${h.city.regionId}/county-fiscal-evaluation/2025`,
      {
        token: h.tokens.countyAdmin,
      },
    );
    expect(countyView.body.counties.map((c: { name: string }) => c.name)).toEqual(['浮梁县']);
    expect(countyView.body.total).toBe(2);
    const otherFacts = await h.call('GET', `/api/v1/regions/${second.body.id}/fiscal-facts/2025`, {
      token: h.tokens.countyAdmin,
    });
    expect(otherFacts.status).toBe(404);

    // The performance-management work point follows the city's management-work assessment of the
    // year, not the figure typed into the facts.
    const assessment = await h.call('POST', '/api/v1/management-assessments', { body: { fiscalYear: 2025 } });
    expect(assessment.status, JSON.stringify(assessment.body)).toBe(201);
    const assessed = assessment.body.scores.find(
      (x: { partyKind: string; name: string }) => x.partyKind === 'county',
    ).total as number;
    const after = await h.call('GET', `/api/v1/regions/${h.city.regionId}/county-fiscal-evaluation/2025`);
    const management = after.body.counties
      .find((c: { name: string }) => c.name === '浮梁县')
      .indicators.find((i: { key: string }) => i.key === 'management');
    expect(management).toMatchObject({
      value: `${assessed}分`,
      score: Math.round(15 * assessed) / 100,
    });
    expect(management.note).toContain('取本年度预算绩效管理工作考核得分');
  });
});

async function count(table: string, where: string): Promise<number> {
  const rows = await h.db.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  return (list[0] as { n: number }).n;
}

describe('hostile input to the evaluation routes', () => {
  it('any body is refused with a Chinese message, never a server error', async () => {
    const item = await selfEvaluatedItem('三中围墙修缮');
    const created = await h.call('POST', '/api/v1/evaluations', {
      body: {
        kind: 'project',
        title: '围墙修缮评价',
        itemId: item.id,
        fiscalYear: 2026,
        carrier: 'expert_panel',
      },
    });
    const id = created.body.id as number;
    await h.call('POST', `/api/v1/evaluations/${id}/experts`, { body: { expertId: expertIds[0] } });
    await h.call('POST', `/api/v1/evaluations/${id}/start`);
    const value = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.constant(null),
      fc.array(fc.double({ noDefaultInfinity: true, noNaN: true, min: -1e300, max: 1e300 }), {
        maxLength: 5,
      }),
    );
    const targets = [
      ['PUT', `/api/v1/evaluations/${id}/scores`, expertTokens[0]],
      ['POST', `/api/v1/evaluations/${id}/methods`, undefined],
      ['POST', '/api/v1/evaluations', undefined],
      ['PUT', `/api/v1/regions/${h.city.countyRegionId}/fiscal-facts/2025`, undefined],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.dictionary(
          fc.constantFrom(
            'scores',
            'submit',
            'method',
            'inputs',
            'kind',
            'itemId',
            'lineKey',
            'score',
            'flows',
            'factors',
            'taxRevenueFen',
          ),
          fc.oneof(
            value,
            fc.dictionary(
              fc.constantFrom('flows', 'discountRate', 'factors', 'answers', 'actual', 'items'),
              value,
            ),
          ),
        ),
        async ([method, path, token], body) => {
          const res = await h.call(method, path, { body, token });
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
        },
      ),
      { numRuns: 60 },
    );
  });
});
