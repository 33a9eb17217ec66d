import { randomBytes } from 'node:crypto';
import { type Actor, loadActor, SYSTEM_ACTOR } from '@jixiao/db';
import {
  assignExpert,
  createExpert,
  createKeyEvaluation,
  type KeyEvaluationRow,
  recordEvaluationMethod,
  saveLineScores,
  startKeyEvaluation,
  submitEvaluationReport,
} from '@jixiao/db/evaluations';
import { createUser } from '@jixiao/db/master-data';
import { prepareItemSelfEvaluation } from '@jixiao/db/self-evaluations';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '@jixiao/db/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkSigner, createViewRoutes, type LinkSigner } from '../src/index.ts';

let db: TestDatabase;
let city: TestCity;
let app: Hono;
let links: LinkSigner;
let clock = Date.parse('2026-11-30T02:00:00Z');
let ev: KeyEvaluationRow;
const experts: Actor[] = [];
let selfEvaluationId: number;

const get = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', res };
};
const page = async (userId: number | null, path: string) => {
  const r = await get(links.sign(userId as number, path));
  return { status: r.status, type: r.type, text: await r.res.text() };
};

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-11-30' });
  links = createLinkSigner({ secret: randomBytes(32), ttlMs: 3_600_000, now: () => clock });
  app = new Hono().route('/view', createViewRoutes(city.platform, links));
  const { platform, actors } = city;
  const item = await createExecutingItem(city, { name: '城区学校扩容' });
  ev = await createKeyEvaluation(platform, actors.admin, {
    kind: 'project',
    title: '城区学校扩容重点绩效评价',
    itemId: item.id,
    fiscalYear: item.currentFiscalYear,
    carrier: 'expert_panel',
    dueOn: '2026-12-20',
  });
  for (const [i, name] of ['孙教授', '周高工'].entries()) {
    const u = await createUser(platform, SYSTEM_ACTOR, {
      name,
      orgUnitId: city.orgs.finance,
      roles: ['evaluator'],
      dingtalkUserId: `dt-web-ev-${i}`,
      dingtalkUnionId: `union-web-ev-${i}`,
    });
    const e = await createExpert(platform, actors.admin, {
      name,
      fields: ['教育'],
      title: '教授',
      employer: '江西财经大学',
      userId: u.id,
    });
    await assignExpert(platform, actors.admin, ev.id, e.id);
    experts.push((await loadActor(db.db, u.id)) as Actor);
  }
  await startKeyEvaluation(platform, actors.admin, ev.id);
  const se = await prepareItemSelfEvaluation(platform, actors.officerA, item.id, item.currentFiscalYear);
  selfEvaluationId = se.id;
});
afterAll(() => db.dispose());

describe('signed pages of evaluations', () => {
  it('shows a panel expert the lines and only their own scores while scoring is blind', async () => {
    const [sun] = experts as [Actor];
    const first = ev.lines[0] as { key: string; weight: number; name: string };
    await saveLineScores(city.platform, sun, ev.id, {
      scores: [{ lineKey: first.key, score: first.weight }],
      submit: false,
    });
    const p = await page(sun.userId, `/view/evaluations/${ev.id}`);
    expect(p.status).toBe(200);
    expect(p.type).toContain('text/html');
    expect(p.text).toContain('<h1>城区学校扩容重点绩效评价</h1>');
    expect(p.text).toContain('本人评分');
    expect(p.text).toContain('背靠背评分');
    expect(p.text).toContain(first.name);
    expect(p.text).toContain('评价组提交评价报告后可下载');
    // The bureau sees the scores so far, never blind to it.
    const bureau = await page(city.actors.admin.userId, `/view/evaluations/${ev.id}`);
    expect(bureau.text).toContain('专家评分汇总（0/2位已提交）');
    expect(bureau.text).toContain(
      `<td>${first.key}</td><td>${(ev.lines[0] as { dimension: string }).dimension}·${first.name}</td><td>${first.weight}</td><td>${first.weight}</td>`,
    );
  });

  it('shows the scores by the rule, findings, recommendations, methods and a report download once reported', async () => {
    const { platform, actors } = city;
    for (const expert of experts) {
      await saveLineScores(platform, expert, ev.id, {
        scores: ev.lines.map((l) => ({ lineKey: l.key, score: l.weight * 0.8 })),
        submit: true,
      });
    }
    await recordEvaluationMethod(platform, actors.admin, ev.id, {
      method: 'public_judgement',
      inputs: { answers: [5, 5, 4, 4, 4, 3, 5, 4, 2, 5] },
      note: '家长满意度抽样问卷',
    });
    await submitEvaluationReport(platform, actors.admin, ev.id, {
      findings: '部分学校竣工验收<script>滞后</script>两个月。',
      recommendations: '建立竣工验收倒排工期机制。',
      evidence: [{ title: '竣工验收报告（纸质）' }],
    });
    const p = await page(actors.officerA.userId, `/view/evaluations/${ev.id}`);
    expect(p.status).toBe(200);
    expect(p.text).toContain('得分（去掉最高分和最低分后平均）');
    expect(p.text).toContain('80分');
    expect(p.text).toContain('部分学校竣工验收&lt;script&gt;滞后&lt;/script&gt;两个月。');
    expect(p.text).not.toContain('<script>');
    expect(p.text).toContain('建立竣工验收倒排工期机制。');
    expect(p.text).toContain('公众评判法：有效问卷10份');
    const link = /href="([^"]*\/view\/evaluations\/\d+\/report[^"]*)"/.exec(p.text)?.[1];
    expect(link).toBeDefined();
    const doc = await get((link as string).replaceAll('&amp;', '&'));
    expect(doc.status).toBe(200);
    expect(doc.type).toContain('wordprocessingml');
    expect(doc.res.headers.get('content-disposition')).toContain(encodeURIComponent('绩效评价报告'));
  });

  it('opens only for what the signer may see, and an expired link says so in Chinese', async () => {
    const other = await page(city.actors.officerB.userId, `/view/evaluations/${ev.id}`);
    expect(other.status).toBe(404);
    expect(other.text).toContain('不在您的查看范围内');
    expect(other.text).not.toContain('城区学校扩容');
    const otherReport = await get(
      links.sign(city.actors.officerB.userId as number, `/view/evaluations/${ev.id}/report`),
    );
    expect(otherReport.status).toBe(404);
    const fresh = links.sign(city.actors.officerA.userId as number, `/view/evaluations/${ev.id}`);
    clock += 2 * 3_600_000;
    const expired = await get(fresh);
    clock -= 2 * 3_600_000;
    expect(expired.status).toBe(410);
    expect(await expired.res.text()).toContain('链接已过期');
  });

  it('shows a self-evaluation as its table: target, actual, score and problems, in scope only', async () => {
    const own = await page(city.actors.officerA.userId, `/view/self-evaluations/${selfEvaluationId}`);
    expect(own.status).toBe(200);
    expect(own.text, own.text.slice(-800)).toContain('<h1>城区学校扩容</h1>');
    expect(own.text).toContain('年度指标值');
    expect(own.text).toContain('实际完成值');
    expect(own.text).toContain('未填');
    expect(own.text).toContain('预算执行');
    const other = await page(city.actors.officerB.userId, `/view/self-evaluations/${selfEvaluationId}`);
    expect(other.status).toBe(404);
    const expert = await page((experts[0] as Actor).userId, `/view/self-evaluations/${selfEvaluationId}`);
    expect(expert.status).toBe(404);
  });
});
