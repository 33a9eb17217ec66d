import { loadActor, SYSTEM_ACTOR } from '@jixiao/db';
import { handOverProject, openCase } from '@jixiao/db/accountability';
import {
  acceptKeyEvaluation,
  assignExpert,
  createExpert,
  createKeyEvaluation,
  putFiscalFacts,
  saveLineScores,
  startKeyEvaluation,
  submitEvaluationReport,
} from '@jixiao/db/evaluations';
import { createOrgUnit, createRegion, createUser } from '@jixiao/db/master-data';
import { createTask } from '@jixiao/db/rectification';
import { evaluationScores, regions } from '@jixiao/db/schema';
import {
  actOnSelfEvaluation,
  prepareItemSelfEvaluation,
  recordSelfEvaluation,
} from '@jixiao/db/self-evaluations';
import {
  assignSpotCheckReviewer,
  drawSpotCheck,
  getSpotCheckEntry,
  type SpotCheckEntryRow,
} from '@jixiao/db/spot-checks';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, only, say, textOf, type World } from './fixtures.ts';

let w: World;
let evaluationId: number;
const EXPERT = 'dt-expert-sun';
beforeAll(async () => {
  w = await buildWorld();
  const { platform, actors, regionId } = w.city;
  const org = await createOrgUnit(platform, SYSTEM_ACTOR, {
    code: 'TP-HC',
    name: '华诚评价',
    kind: 'third_party',
    regionId,
    parentId: null,
  });
  const people = [
    ['孙教授', EXPERT],
    ['周高工', 'dt-expert-zhou'],
  ] as const;
  const expertIds: number[] = [];
  for (const [name, dt] of people) {
    const u = await createUser(platform, SYSTEM_ACTOR, {
      name,
      orgUnitId: org.id,
      roles: ['evaluator'],
      dingtalkUserId: dt,
      dingtalkUnionId: `union-${dt}`,
    });
    const e = await createExpert(platform, actors.admin, {
      name,
      fields: ['教育'],
      title: '教授',
      employer: '江西财经大学',
      userId: u.id,
    });
    expertIds.push(e.id);
  }
  const ev = await createKeyEvaluation(platform, actors.admin, {
    kind: 'project',
    title: '市一中食堂改造重点评价',
    itemId: w.items.canteen.id,
    fiscalYear: 2026,
    carrier: 'expert_panel',
  });
  evaluationId = ev.id;
  for (const id of expertIds) await assignExpert(platform, actors.admin, evaluationId, id);
  await startKeyEvaluation(platform, actors.admin, evaluationId);
});
afterAll(async () => {
  await w?.db.dispose();
});

const myScores = () =>
  w.db.db.select().from(evaluationScores).where(eq(evaluationScores.evaluationId, evaluationId));

describe('an expert scores in chat', () => {
  it('shows the lines, then the scores to confirm; nothing is written before 确认', async () => {
    const lines = only(await say(w.engine, EXPERT, `评分 ${evaluationId}`));
    expect(lines.title).toBe('评分：市一中食堂改造重点评价');
    expect(textOf(lines)).toContain('1.1 决策·项目立项（5分）：未打分');
    const over = only(await say(w.engine, EXPERT, `评分 ${evaluationId} 1.1=6`));
    expect(over.title).toBe('评分有误');
    expect(textOf(over)).toContain('“项目立项”得分6分，超过分值5分');
    const ask = only(await say(w.engine, EXPERT, `评分 ${evaluationId} 1.1=4.5 1.2=5`));
    expect(ask.title).toBe('请确认评分');
    expect(textOf(ask)).toContain('4.5 / 5 分');
    expect(textOf(ask)).toContain('保存后合计:9.5 分（已打2/11项）');
    expect(await myScores()).toHaveLength(0);
    const done = only(await say(w.engine, EXPERT, '确认'));
    expect(done.title).toBe('已保存评分');
    expect(await myScores()).toHaveLength(2);
  });

  it('refuses to submit with lines missing, then submits on 确认 once all are scored', async () => {
    const early = only(await say(w.engine, EXPERT, `提交评分 ${evaluationId}`));
    expect(early.title).toBe('还有指标未打分');
    const rest = '1.3=5 2.1=9 2.2=9 3.1=9 3.2=9 3.3=8 3.4=7 4.1=18 4.2=9';
    await say(w.engine, EXPERT, `评分 ${evaluationId} ${rest}`);
    await say(w.engine, EXPERT, '确认');
    const ask = only(await say(w.engine, EXPERT, `提交评分 ${evaluationId}`));
    expect(ask.title).toBe('请确认提交评分');
    expect(textOf(ask)).toContain('合计 92.5 分');
    expect(only(await say(w.engine, EXPERT, '确认')).title).toBe('已提交评分');
    const again = only(await say(w.engine, EXPERT, `评分 ${evaluationId} 1.1=1`));
    expect(again.title).toBe('已提交评分');
    expect(textOf(again)).toContain('不能再修改');
    expect(only(await say(w.engine, EXPERT, '确认')).title).toBe('没有待确认的操作');
  });

  it('someone not on the panel cannot see or score it', async () => {
    const r = only(await say(w.engine, TEST_DINGTALK_IDS.officerB, `评分 ${evaluationId}`));
    expect(r.title).toBe('没有找到评价');
  });
});

describe('评价结果 in scope', () => {
  it('answers the accepted result to the department, and not to another department', async () => {
    const { platform, actors } = w.city;
    const none = only(await say(w.engine, TEST_DINGTALK_IDS.officerA, '评价结果 市一中食堂改造'));
    expect(textOf(none)).toContain('还没有经财政验收的重点绩效评价结果');
    const zhou = (await w.db.db.query.experts.findFirst({
      where: (e, { eq: q }) => q(e.name, '周高工'),
    })) as {
      userId: number;
    };
    // The second expert scores through the services.
    const lines = ['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2', '3.3', '3.4', '4.1', '4.2'];
    const weights = [5, 5, 5, 10, 10, 10, 10, 8, 7, 20, 10];
    const expertActor = await loadActor(w.db.db, zhou.userId);
    await saveLineScores(platform, expertActor as NonNullable<typeof expertActor>, evaluationId, {
      scores: lines.map((k, i) => ({ lineKey: k, score: (weights[i] as number) * 0.8 })),
      submit: true,
    });
    await submitEvaluationReport(platform, actors.admin, evaluationId, {
      findings: '食堂设备采购验收资料不全',
      recommendations: '补齐验收资料',
      evidence: [],
    });
    await acceptKeyEvaluation(platform, actors.admin, evaluationId, null);
    const answer = only(await say(w.engine, TEST_DINGTALK_IDS.officerA, '评价结果 市一中食堂改造'));
    expect(answer.title).toBe('评价结果：市一中食堂改造');
    expect(textOf(answer)).toContain('86.25分');
    expect(textOf(answer)).toContain('良');
    expect(textOf(answer)).toContain('食堂设备采购验收资料不全');
    // The signed page of the evaluation and its report, for the asker.
    expect(textOf(answer)).toContain(
      `查看评价报告|/view/evaluations/${evaluationId}?u=${w.city.actors.officerA.userId}`,
    );
    const other = only(await say(w.engine, TEST_DINGTALK_IDS.officerB, '评价结果 市一中食堂改造'));
    expect(textOf(other)).not.toContain('86.25');
  });
});

describe('an expert re-scores a sampled self-evaluation in chat', () => {
  it('shows the table, then the re-score and its judgement to confirm; writes only on 确认', async () => {
    const { platform, actors } = w.city;
    const item = w.items.playground;
    const se = await prepareItemSelfEvaluation(platform, actors.officerA, item.id, item.currentFiscalYear);
    await recordSelfEvaluation(platform, actors.officerA, se.id, {
      lines: se.lines.map((l, row) => ({ row, actual: (l.target ?? '').replace(/^[≥≤=<>]+/, '') || '达标' })),
    });
    await actOnSelfEvaluation(platform, actors.officerA, se.id, 'submit');
    await actOnSelfEvaluation(platform, actors.officerA, se.id, 'confirm');
    await actOnSelfEvaluation(platform, actors.admin, se.id, 'accept');
    const check = await drawSpotCheck(platform, actors.admin, {
      fiscalYear: item.currentFiscalYear,
      seed: 7,
    });
    const entry = check.entries.find((e) => e.selfEvaluationId === se.id) as SpotCheckEntryRow;
    // 周高工 evaluated this department's canteen: a conflict. A new expert without ties reviews.
    const u = await createUser(platform, SYSTEM_ACTOR, {
      name: '钱研究员',
      orgUnitId: actors.admin.orgUnitId as number,
      roles: ['evaluator'],
      dingtalkUserId: 'dt-expert-qian',
      dingtalkUnionId: 'union-dt-expert-qian',
    });
    const qian = await createExpert(platform, actors.admin, {
      name: '钱研究员',
      fields: ['教育'],
      title: '研究员',
      employer: '江西省社科院',
      userId: u.id,
    });
    // Not assigned yet: the expert sees nothing of it.
    expect(only(await say(w.engine, 'dt-expert-qian', `复核抽查 ${entry.id}`)).title).toBe(
      '没有找到抽查记录',
    );
    await assignSpotCheckReviewer(platform, actors.admin, check.id, entry.id, qian.id);

    const shown = only(await say(w.engine, 'dt-expert-qian', `复核抽查 ${entry.id}`));
    expect(shown.title).toBe(`抽查复核：${item.name}`);
    expect(textOf(shown)).toContain('目标');
    expect(textOf(shown)).toContain(`复核抽查 ${entry.id} 分数 复核意见`);
    const noNote = only(await say(w.engine, 'dt-expert-qian', `复核抽查 ${entry.id} 60`));
    expect(noNote.title).toBe('请写复核意见');
    const ask = only(await say(w.engine, 'dt-expert-qian', `复核抽查 ${entry.id} 60分，产出数量与佐证不符`));
    expect(ask.title).toBe('请确认复核');
    expect(textOf(ask)).toContain('失真');
    expect(textOf(ask)).toContain('复核得分:60分（中（一般））');
    expect((await getSpotCheckEntry(w.db.db, actors.admin, entry.id)).reviewedAt).toBeNull();
    const done = only(await say(w.engine, 'dt-expert-qian', '确认'));
    expect(done.title).toBe('已提交复核');
    const after = await getSpotCheckEntry(w.db.db, actors.admin, entry.id);
    expect(after).toMatchObject({ reviewScore: 60, distorted: true, reviewNote: '产出数量与佐证不符' });
    expect(after.reviewedBy?.name).toBe('钱研究员');
  });
});

describe('县区财政运行评价 in chat', () => {
  it('the city sees its counties ranked with where each lost most; a county sees only its own line', async () => {
    const { platform, actors, regionId, countyRegionId } = w.city;
    const leping = await createRegion(platform, SYSTEM_ACTOR, {
      code: '360281',
      name: '乐平市',
      level: 'county',
      parentId: regionId,
    });
    const wan = 1_000_000;
    const facts = (tax: number, cash: number) => ({
      generalBudgetRevenueFen: 100_000 * wan,
      taxRevenueFen: tax * wan,
      basicGuaranteesArrangedFen: 50_000 * wan,
      basicGuaranteesNeededFen: 50_000 * wan,
      debtBalanceFen: 100_000 * wan,
      comprehensiveFinancialResourcesFen: 100_000 * wan,
      treasuryCashFen: cash * wan,
      monthlyExpenditureFen: 10_000 * wan,
      executionRateBp: 9_500,
      managementScore: 90,
    });
    await putFiscalFacts(platform, actors.admin, countyRegionId, 2025, facts(80_000, 10_000));
    await putFiscalFacts(platform, actors.admin, leping.id, 2025, facts(60_000, 3_000));
    const city = only(await say(w.engine, TEST_DINGTALK_IDS.admin, '各县区财政运行评价'));
    expect(city.title).toBe('2025年度县区财政运行综合绩效评价');
    expect(textOf(city)).toContain('1. **浮梁县** 97.75分');
    expect(textOf(city)).toContain('2. **乐平市**');
    expect(textOf(city)).toContain('失分最多：库款保障水平（可支付月数） 0/15');
    expect(textOf(city)).toContain('失分最多：预算绩效管理工作 13.5/15');
    const county = only(await say(w.engine, TEST_DINGTALK_IDS.countyAdmin, '2025年县区财政运行排名'));
    expect(textOf(county)).toContain('共2个县区参加排名，您可查看本县区');
    expect(textOf(county)).toContain('浮梁县');
    expect(textOf(county)).not.toContain('乐平市');
  });
});

describe('转移支付分配 in chat (§十六)', () => {
  it('the bureau sees every county’s score, factor and adjusted share; a county only its own line', async () => {
    const { platform, actors, countyRegionId } = w.city;
    const [leping] = await platform.db.select().from(regions).where(eq(regions.code, '360281'));
    const wan = 1_000_000;
    await putFiscalFacts(platform, actors.admin, countyRegionId, 2025, { transferFormulaFen: 300 * wan });
    await putFiscalFacts(platform, actors.admin, leping?.id as number, 2025, {
      transferFormulaFen: 500 * wan,
    });
    const city = textOf(only(await say(w.engine, TEST_DINGTALK_IDS.admin, '转移支付分配')));
    expect(city).toContain('2 个县（区）的因素法测算数合计 800.00万元');
    // 浮梁县 97.75 → factor 1.1 gains; 乐平市 70.75 → 0.9614 loses; the pool stays whole.
    expect(city).toMatch(/\*\*浮梁县\*\*：分配 \*\*325\.\d+万元\*\*.*多/u);
    expect(city).toContain('综合绩效评价 97.75 分，绩效系数 1.1');
    expect(city).toContain('绩效系数 0.9614');
    expect(city).toContain('库款保障水平（可支付月数）0.3个月得0分');
    const why = textOf(only(await say(w.engine, TEST_DINGTALK_IDS.admin, '乐平市转移支付为什么是这么多')));
    expect(why).toContain('乐平市');
    expect(why).not.toContain('**浮梁县**');
    const county = textOf(only(await say(w.engine, TEST_DINGTALK_IDS.countyAdmin, '我县转移支付怎么分配的')));
    expect(county).toContain('**浮梁县**');
    expect(county).not.toContain('乐平市');
    const dept = textOf(only(await say(w.engine, TEST_DINGTALK_IDS.officerA, '转移支付分配')));
    expect(dept).toContain('转移支付分配由财政部门掌握');
  });
});

describe('我负责的整改 in chat (§十五)', () => {
  it('tells the project owner their open rectifications with deadlines and accountability status', async () => {
    const { platform, actors } = w.city;
    await handOverProject(platform, actors.admin, w.items.canteen.id, {
      toName: '李教育',
      toUserId: actors.officerA.userId,
      effectiveOn: '2026-08-01',
      reason: '分工调整',
    });
    const t = await createTask(platform, actors.admin, {
      itemId: w.items.canteen.id,
      source: 'evaluation',
      assigneeUserId: actors.officerA.userId as number,
      deadline: '2026-09-30',
      requirement: '补齐食堂验收资料',
    });
    const c = await openCase(platform, actors.admin, {
      itemId: w.items.canteen.id,
      source: 'unrectified',
      finding: '验收资料缺失',
      failureOn: '2026-08-20',
    });
    const mine = textOf(only(await say(w.engine, TEST_DINGTALK_IDS.officerA, '我负责的整改')));
    expect(mine).toContain(`#${t.id} **市一中食堂改造**`);
    expect(mine).toContain('期限 2026-09-30，未逾期');
    expect(mine).toContain(`问责调查中（问责事项 #${c.id}）`);
    const other = textOf(only(await say(w.engine, TEST_DINGTALK_IDS.officerB, '我负责的整改')));
    expect(other).toContain('没有未完成的整改');
    expect(other).not.toContain('食堂');
  });
});
