import type { FiscalFactsInput } from '@jixiao/core';
import { type Actor, loadActor, type Platform, queryRows } from '@jixiao/db';
import {
  acceptKeyEvaluation,
  assignExpert,
  createExpert,
  createKeyEvaluation,
  putFiscalFacts,
  rateEvaluator,
  recordEvaluationMethod,
  saveLineScores,
  startKeyEvaluation,
  submitEvaluationReport,
  updateInstitutionProfile,
} from '@jixiao/db/evaluations';
import { createUser } from '@jixiao/db/master-data';
import { sql } from 'drizzle-orm';

/**
 * What the counties reported for the comprehensive fiscal evaluation (DW-2), in 亿元 and shares:
 * 浮梁县 sound, 乐平市 with the heavy debt the demo gives it (orange band) and a thin treasury,
 * 昌江区 with a low tax share. Each has its amount of the general transfer by the factor formula,
 * which their scores then redistribute (转移支付分配 in chat).
 */
const COUNTY_FACTS: Readonly<
  Record<
    string,
    {
      taxShare: number;
      guarantees: number;
      cashMonths: number;
      executionBp: number;
      management: number;
      /** Its 均衡性转移支付 by the factor formula (population, standard spending gap), 亿元. */
      transferYi: number;
    }
  >
> = {
  '360222': {
    taxShare: 0.72,
    guarantees: 1,
    cashMonths: 0.9,
    executionBp: 9_620,
    management: 91,
    transferYi: 3.2,
  },
  '360281': {
    taxShare: 0.66,
    guarantees: 0.96,
    cashMonths: 0.45,
    executionBp: 9_180,
    management: 84,
    transferYi: 5.1,
  },
  '360202': {
    taxShare: 0.58,
    guarantees: 1,
    cashMonths: 0.7,
    executionBp: 9_450,
    management: 88,
    transferYi: 2.4,
  },
};

const EXPERTS = [
  { name: '胡建华', title: '高级会计师', employer: '江西华信会计师事务所', fields: ['财务审计', '预算绩效'] },
  {
    name: '黄晓玲',
    title: '教授',
    employer: '江西财经大学财税与公共管理学院',
    fields: ['公共政策', '预算绩效'],
  },
  {
    name: '程立新',
    title: '高级工程师',
    employer: '景德镇市建设工程造价站（退休）',
    fields: ['工程造价', '建设管理'],
  },
] as const;

/** Each expert's share of a line's weight: close but not equal, as real panels score. */
const SHARES = [
  [0.95, 0.9, 0.85, 0.9],
  [0.85, 0.8, 0.9, 0.8],
  [0.8, 0.75, 0.7, 0.85],
] as const;

async function actorOf(platform: Platform, userId: number): Promise<Actor> {
  return (await loadActor(platform.db, userId)) as Actor;
}

export interface DemoEvaluations {
  keyEvaluationId: number | null;
  departmentEvaluationId: number | null;
  counties: number;
}

/**
 * The evaluation stage of the demo city, through the services (audited like any other work):
 * the expert library, a key evaluation of the city's largest project carried out by a third
 * party with three experts, its methods, report, acceptance and quality rating; a department-wide
 * evaluation under way; the counties' fiscal facts and their comprehensive evaluation.
 */
export async function loadDemoEvaluations(platform: Platform): Promise<DemoEvaluations> {
  const [admin] = await queryRows<{ id: number }>(
    platform.db,
    sql`select u.id from users u join org_units o on o.id = u.org_unit_id
        where o.code = 'FIN-360200' and 'finance_admin' = any(u.roles) order by u.id limit 1`,
  );
  const [inst] = await queryRows<{ id: number; org_unit_id: number; name: string }>(
    platform.db,
    sql`select id, org_unit_id, name from institutions where org_unit_id is not null order by id limit 1`,
  );
  if (!admin || !inst) return { keyEvaluationId: null, departmentEvaluationId: null, counties: 0 };
  const bureau = await actorOf(platform, admin.id);
  const [staff] = await queryRows<{ id: number }>(
    platform.db,
    sql`select id from users where org_unit_id = ${inst.org_unit_id} and 'evaluator' = any(roles) order by id limit 1`,
  );
  const carrier = staff ? await actorOf(platform, staff.id) : bureau;

  await updateInstitutionProfile(platform, bureau, inst.id, {
    qualifications: ['江西省财政厅预算绩效管理第三方机构库入库机构', '信用等级AAA'],
    staffCount: 38,
    fields: ['教育', '交通', '农业农村', '社会保障'],
  });
  const expertIds: number[] = [];
  const expertUsers: number[] = [];
  for (const [i, e] of EXPERTS.entries()) {
    const user = await createUser(platform, bureau, {
      name: e.name,
      orgUnitId: inst.org_unit_id,
      roles: ['evaluator'],
      title: '评价专家',
      dingtalkUserId: `jdzexpert${i + 1}`,
      dingtalkUnionId: `unionexpert${i + 1}`,
    });
    const expert = await createExpert(platform, bureau, {
      name: e.name,
      title: e.title,
      employer: e.employer,
      fields: [...e.fields],
      userId: user.id,
      institutionId: inst.id,
    });
    expertIds.push(expert.id);
    expertUsers.push(user.id);
  }

  // The city's largest project in a department: a major project the bureau evaluates itself.
  const [item] = await queryRows<{ id: number; name: string; current_fiscal_year: number }>(
    platform.db,
    sql`select b.id, b.name, b.current_fiscal_year from budget_items b
        join org_units o on o.id = b.org_unit_id join regions r on r.id = o.region_id
        where r.level = 'city' and b.kind = 'project' and b.state in ('executing', 'self_evaluated')
        order by b.approved_amount_fen desc, b.id limit 1`,
  );
  let keyEvaluationId: number | null = null;
  if (item) {
    const ev = await createKeyEvaluation(platform, bureau, {
      kind: 'project',
      title: `${item.name}重点绩效评价`,
      itemId: item.id,
      fiscalYear: item.current_fiscal_year,
      carrier: 'third_party',
      institutionId: inst.id,
    });
    keyEvaluationId = ev.id;
    for (const id of expertIds) await assignExpert(platform, bureau, ev.id, id);
    await startKeyEvaluation(platform, carrier, ev.id);
    for (const [i, userId] of expertUsers.entries()) {
      const shares = SHARES[i] as readonly number[];
      await saveLineScores(platform, await actorOf(platform, userId), ev.id, {
        scores: ev.lines.map((l, j) => ({
          lineKey: l.key,
          score: Math.round(l.weight * (shares[j % shares.length] as number) * 2) / 2,
        })),
        submit: true,
      });
    }
    await recordEvaluationMethod(platform, carrier, ev.id, {
      method: 'public_judgement',
      inputs: { answers: [5, 5, 4, 4, 5, 4, 3, 4, 5, 4, 4, 2, 5, 4, 4, 5, 3, 4, 5, 4] },
      note: '受益群众满意度问卷，随机抽样20份',
    });
    await recordEvaluationMethod(platform, carrier, ev.id, {
      method: 'comparison',
      inputs: { actual: 92.4, target: 95, history: [88.1, 90.3], peers: [89.5, 93.2, 91.0] },
      note: '工程验收一次合格率（%）与目标、往年及同类项目比较',
    });
    await submitEvaluationReport(platform, carrier, ev.id, {
      summary: '项目立项依据充分，资金管理总体规范，主要产出按计划完成，受益群众满意度较高。',
      findings:
        '部分标段竣工验收较计划滞后约两个月，影响资金支付进度。\n个别绩效指标设置偏重产出，效益指标量化不足。\n项目档案资料归集不及时，部分变更签证手续后补。',
      recommendations:
        '建立工程进度倒排机制，按月对照序时进度调度。\n下一年度目标增设可量化的效益指标，并明确数据来源。\n完善项目档案管理，变更事项先审批后实施。',
      evidence: [
        { title: '项目立项批复及资金下达文件' },
        { title: '工程竣工验收报告（第一、二标段）' },
        { title: '受益群众满意度问卷汇总表' },
        { title: '财务支出明细账及支付凭证抽查记录' },
      ],
    });
    await acceptKeyEvaluation(platform, bureau, ev.id, '同意验收，请项目单位按评价意见整改。');
    await rateEvaluator(
      platform,
      bureau,
      { institutionId: inst.id },
      {
        evaluationId: ev.id,
        marks: { basis: 18, indicators: 17, data: 18, conclusion: 18, recommendations: 8, timeliness: 9 },
        misconduct: false,
        note: '报告规范，建议具体；个别证据未附原件。',
      },
    );
  }

  // A department-wide evaluation under way: the panel formed, one expert has submitted.
  const [dept] = await queryRows<{ id: number; name: string }>(
    platform.db,
    sql`select o.id, o.name from org_units o join regions r on r.id = o.region_id
        where r.level = 'city' and o.kind = 'department' order by o.id limit 1`,
  );
  let departmentEvaluationId: number | null = null;
  if (dept) {
    const year = item?.current_fiscal_year ?? Number(platform.now().toISOString().slice(0, 4));
    const ev = await createKeyEvaluation(platform, bureau, {
      kind: 'department',
      title: `${dept.name}${year}年度部门整体绩效评价`,
      departmentId: dept.id,
      fiscalYear: year,
      carrier: 'expert_panel',
      aggregation: 'mean',
    });
    departmentEvaluationId = ev.id;
    for (const id of expertIds) await assignExpert(platform, bureau, ev.id, id);
    await startKeyEvaluation(platform, bureau, ev.id);
    await saveLineScores(platform, await actorOf(platform, expertUsers[0] as number), ev.id, {
      scores: ev.lines.map((l) => ({ lineKey: l.key, score: Math.round(l.weight * 0.88 * 2) / 2 })),
      submit: true,
    });
  }

  const counties = await queryRows<{
    id: number;
    code: string;
    year: number;
    revenue: number;
    resources: number;
  }>(
    platform.db,
    sql`select r.id, r.code, f.fiscal_year as year, f.general_budget_revenue_fen as revenue,
               f.general_budget_expenditure_fen as resources
        from regions r join region_fiscal_facts f on f.region_id = r.id
        where r.level = 'county' order by r.code`,
  );
  for (const c of counties) {
    const spec = COUNTY_FACTS[c.code];
    if (!spec) continue;
    const revenue = Number(c.revenue);
    const monthly = Math.round(Number(c.resources) / 12);
    const needed = Math.round(Number(c.resources) * 0.45);
    const input: FiscalFactsInput = {
      taxRevenueFen: Math.round(revenue * spec.taxShare),
      basicGuaranteesNeededFen: needed,
      basicGuaranteesArrangedFen: Math.round(needed * spec.guarantees),
      treasuryCashFen: Math.round(monthly * spec.cashMonths),
      monthlyExpenditureFen: monthly,
      executionRateBp: spec.executionBp,
      managementScore: spec.management,
      transferFormulaFen: Math.round(spec.transferYi * 100_000_000 * 100),
    };
    await putFiscalFacts(platform, bureau, c.id, c.year, input);
  }
  return { keyEvaluationId, departmentEvaluationId, counties: counties.length };
}
