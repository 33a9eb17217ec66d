import {
  prepareDepartmentSelfEvaluationFor,
  recordDepartmentSelfEvaluation,
} from '@jixiao/db/department-self-evaluations';
import { departmentTargets, selfEvaluations } from '@jixiao/db/schema';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSelfEvaluationAnswer } from '../src/parser/self-evaluation-answer.ts';
import { buildWorld, only, say, textOf, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.db.dispose();
});

const { officerA: EDU, officerB: HEALTH } = TEST_DINGTALK_IDS;

describe('reading self-evaluation answers', () => {
  it('understands officials’ phrasings, deterministically', () => {
    expect(parseSelfEvaluationAnswer('完成了98%', '≥12000平方米')).toEqual({
      kind: 'value',
      actual: '11760平方米',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('完成了98%', '≥100%')).toEqual({
      kind: 'value',
      actual: '98%',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('没完成，只建了80套，原因是征地拖延', '≥100套')).toEqual({
      kind: 'value',
      actual: '80套',
      reason: '征地拖延',
    });
    expect(parseSelfEvaluationAnswer('满意度九成五', '≥90%')).toEqual({
      kind: 'value',
      actual: '95%',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('一百二十', '≥100个')).toEqual({
      kind: 'value',
      actual: '120个',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('已完成', '≥3000人')).toEqual({
      kind: 'value',
      actual: '3000人',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('没完成', '≥3000人')).toEqual({ kind: 'need_number', reason: null });
    expect(parseSelfEvaluationAnswer('完成', '课堂教学能力明显提升')).toEqual({
      kind: 'value',
      actual: '达成',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('基本达标', '达标')).toEqual({
      kind: 'value',
      actual: '基本达标',
      reason: null,
    });
    expect(parseSelfEvaluationAnswer('今天天气不错啊', '≥3000人')).toEqual({ kind: 'unclear' });
  });
});

describe('self-evaluation in chat', () => {
  it('asks each indicator, scores at once, resumes where it stopped, and writes only on 确认', async () => {
    const item = w.items.school1;
    const first = only(await say(w.engine, EDU, '自评 JDZ-2026-0001'));
    expect(first.markdown).toContain('共 4 项指标');
    expect(first.markdown).toContain('执行率 30%');
    expect(first.markdown).toContain('第 1/4 项');
    expect(first.markdown).toContain('目标 **≥12000平方米**');

    const short = only(await say(w.engine, EDU, '完成了98%'));
    expect(short.markdown).toContain('实际 **11760平方米**，得 **29.4/30** 分；累计 **32.4** 分');
    expect(short.markdown).toContain('请说明偏差原因');

    // Interrupted: nothing is written, and 自评 picks up at the same question.
    expect(only(await say(w.engine, EDU, '暂停自评')).title).toBe('已暂停自评');
    expect(only(await say(w.engine, EDU, '我的预警')).title).not.toContain('自评');
    expect(textOf(await say(w.engine, EDU, '我的待办'))).toContain('未完成的自评');
    const resumed = only(await say(w.engine, EDU, '自评 JDZ-2026-0001'));
    expect(resumed.markdown).toContain('继续');
    expect(resumed.markdown).toContain('“改造校舍面积”未达到目标，请说明偏差原因');

    // A command in the middle of it is answered as usual; the question stays open.
    expect(only(await say(w.engine, EDU, '滞后项目')).title).not.toBe('没有看懂');
    const second = only(await say(w.engine, EDU, '征地拖延'));
    expect(second.markdown).toContain('已记录偏差原因：征地拖延');
    expect(second.markdown).toContain('第 2/4 项');
    expect(only(await say(w.engine, EDU, '100%')).markdown).toContain('第 3/4 项');
    const third = only(await say(w.engine, EDU, '只有2800人，原因是生源减少'));
    expect(third.markdown).toContain('得 **28/30** 分');
    const summary = only(await say(w.engine, EDU, '满意度九成五'));
    expect(summary.title).toBe('请确认提交绩效自评');
    expect(summary.markdown).toContain('总分 **90.4** 分，等级 **优**');
    expect(textOf(summary)).toContain('偏差原因：征地拖延');
    expect(await w.db.db.select().from(selfEvaluations).where(eq(selfEvaluations.itemId, item.id))).toEqual(
      [],
    );

    const done = only(await say(w.engine, EDU, '确认'));
    expect(done.title).toBe('已提交绩效自评');
    const [row] = await w.db.db.select().from(selfEvaluations).where(eq(selfEvaluations.itemId, item.id));
    expect(row).toMatchObject({ status: 'submitted', score: 90.4, grade: 'excellent' });
    expect(row?.lines.map((l) => [l.actual, l.deviationReason])).toEqual([
      ['11760平方米', '征地拖延'],
      ['100%', null],
      ['2800人', '生源减少'],
      ['95%', null],
    ]);
    // The department's performance officer (the same here) now has it to confirm.
    expect(textOf(await say(w.engine, EDU, '我的待办'))).toContain('待确认绩效自评 1 项');
    // Coverage counts it now (教育局's items of the year, by amount).
    expect(textOf(await say(w.engine, EDU, '自评覆盖率'))).toMatch(/2026年：\d+ 个项目中已自评 1 个/);
    // Done: 自评 again says so instead of asking.
    expect(only(await say(w.engine, EDU, '自评 JDZ-2026-0001')).title).toBe('绩效自评已提交');
  });
});

describe('本部门整体自评 in chat (DW-4)', () => {
  it('answers the department’s own department-wide self-evaluation with its status and score, in scope', async () => {
    const { city } = w;
    expect(textOf(await say(w.engine, EDU, '本部门整体自评'))).toContain('还没有准备部门整体支出绩效自评');
    await w.db.db.insert(departmentTargets).values({
      orgUnitId: city.orgs.deptA,
      fiscalYear: 2026,
      overallGoal: '完成年度教育事业发展目标',
      status: 'approved',
      indicators: [
        {
          name: '重点任务完成率',
          dimension: 'effectiveness',
          operator: 'gte',
          targetValue: 90,
          unit: '%',
          weight: 60,
        },
        {
          name: '学生家长满意度',
          dimension: 'satisfaction',
          operator: 'gte',
          targetValue: 90,
          unit: '%',
          weight: 40,
        },
      ],
    });
    const se = await prepareDepartmentSelfEvaluationFor(
      city.platform,
      city.actors.officerA,
      city.orgs.deptA,
      2026,
    );
    const draft = textOf(await say(w.engine, EDU, '本部门整体自评'));
    expect(draft).toContain('景德镇市教育局');
    expect(draft).toContain('2026年度：填报中；尚不能计分（已填 0/2 项）');
    await recordDepartmentSelfEvaluation(city.platform, city.actors.officerA, se.id, {
      lines: [
        { row: 0, actual: '95%' },
        { row: 1, actual: '92%' },
      ],
    });
    const scored = textOf(await say(w.engine, EDU, '部门整体绩效自评得分多少'));
    expect(scored).toMatch(/当前得分 \*\*[\d.]+\*\* 分，等级/);
    // Another department sees none of it.
    expect(textOf(await say(w.engine, HEALTH, '本部门整体自评'))).toContain('还没有准备');
  });
});
