import { z } from 'zod';

/**
 * Every number that policy sets, with its default. Jurisdictions override them through
 * configuration; code reads them from here and never repeats the literal.
 * Sources: `POLICY_SOURCES` below, from shared/domain/rules.md.
 */
export const policyConfigSchema = z.object({
  grading: z
    .object({
      /** Lower bounds (inclusive) of 优, 良, 中; below `fair` is 差. */
      excellent: z.number().min(0).max(100).default(90),
      good: z.number().min(0).max(100).default(80),
      fair: z.number().min(0).max(100).default(60),
    })
    .default({ excellent: 90, good: 80, fair: 60 }),
  selfEvaluationWeights: z
    .object({
      executionRate: z.number().min(0).max(100).default(10),
      output: z.number().min(0).max(100).default(50),
      benefit: z.number().min(0).max(100).default(30),
      satisfaction: z.number().min(0).max(100).default(10),
    })
    .default({ executionRate: 10, output: 50, benefit: 30, satisfaction: 10 }),
  /**
   * How indicator weights must add up on a target: `by_level1` checks each level-1 bucket
   * against `selfEvaluationWeights` (cost counts toward output; a missing satisfaction bucket
   * moves to benefit); `total_only` checks only that all indicators add up to 100 − executionRate.
   */
  weightScheme: z.enum(['by_level1', 'total_only']).default('by_level1'),
  /** Qualitative scoring bands as a share of the indicator weight (met, partly met, not met). */
  qualitativeBands: z
    .object({
      met: z.number().min(0).max(1).default(1),
      partlyMet: z.number().min(0).max(1).default(0.8),
      notMet: z.number().min(0).max(1).default(0.6),
    })
    .default({ met: 1, partlyMet: 0.8, notMet: 0.6 }),
  /** Finance/department evaluation: 产出 + 效益 weight share at least this (percent). */
  minOutputPlusBenefitShare: z.number().min(0).max(100).default(60),
  monitoring: z
    .object({
      /** 序时进度 by elapsed months or elapsed days. */
      timeProgressBasis: z.enum(['month', 'day']).default('month'),
      /** Yellow when execution trails time progress by more than this many percentage points. */
      lagYellowPoints: z.number().min(0).max(100).default(10),
      /** Orange between yellow and red (percentage points behind). */
      lagOrangePoints: z.number().min(0).max(100).default(15),
      /** Red when execution trails time progress by more than this many percentage points. */
      lagRedPoints: z.number().min(0).max(100).default(20),
      /** Items with no payment at all once this month (1–12) has ended get a warning. */
      noPaymentByMonth: z.int().min(1).max(12).default(6),
      /** Monitoring round: month it runs and the last month of data it covers. */
      roundMonth: z.int().min(1).max(12).default(8),
      roundDataThroughMonth: z.int().min(1).max(12).default(7),
      /** An indicator deviating from its target by more than this share needs a reason. */
      deviationExplainShare: z.number().min(0).max(1).default(0.2),
      /** Indicator reports older than this many days are overdue. */
      reportOverdueDays: z.int().min(1).max(366).default(90),
    })
    .default({
      timeProgressBasis: 'month',
      lagYellowPoints: 10,
      lagOrangePoints: 15,
      lagRedPoints: 20,
      noPaymentByMonth: 6,
      roundMonth: 8,
      roundDataThroughMonth: 7,
      deviationExplainShare: 0.2,
      reportOverdueDays: 90,
    }),
  coverage: z
    .object({
      /** Department self-evaluation must cover at least this share of project funds. */
      selfEvaluationMinShare: z.number().min(0).max(1).default(0.6),
      /** Special transfer payments: share that must be self-evaluated. */
      specialTransferMinShare: z.number().min(0).max(1).default(1),
    })
    .default({ selfEvaluationMinShare: 0.6, specialTransferMinShare: 1 }),
  resultApplication: z
    .object({
      /** Next-year budget control number cut for a 中(一般) grade, as a share. */
      cutForFair: z.number().min(0).max(1).default(0.1),
      /** Cut for a 差 grade. */
      cutForPoor: z.number().min(0).max(1).default(0.3),
    })
    .default({ cutForFair: 0.1, cutForPoor: 0.3 }),
  ppp: z
    .object({
      affordabilityRedLine: z.number().min(0).max(1).default(0.1),
      affordabilityWarning: z.number().min(0).max(1).default(0.07),
      governmentPayNewLimit: z.number().min(0).max(1).default(0.05),
      minPerformanceLinkedShare: z.number().min(0).max(1).default(0.3),
      valueForMoneyPassScore: z.number().min(0).max(100).default(60),
    })
    .default({
      affordabilityRedLine: 0.1,
      affordabilityWarning: 0.07,
      governmentPayNewLimit: 0.05,
      minPerformanceLinkedShare: 0.3,
      valueForMoneyPassScore: 60,
    }),
  debt: z
    .object({
      /** 债务率 bands (debt balance ÷ usable revenue), lower bounds of yellow, orange, red. */
      ratioYellow: z.number().min(0).default(1.2),
      ratioOrange: z.number().min(0).default(2),
      ratioRed: z.number().min(0).default(3),
    })
    .default({ ratioYellow: 1.2, ratioOrange: 2, ratioRed: 3 }),
  soeCapital: z
    .object({ minTransferToGeneralShare: z.number().min(0).max(1).default(0.3) })
    .default({ minTransferToGeneralShare: 0.3 }),
  purchasedServices: z
    .object({ maxContractYears: z.int().min(1).default(3), standardContractYears: z.int().min(1).default(1) })
    .default({ maxContractYears: 3, standardContractYears: 1 }),
  disclosure: z.object({ publishWithinDays: z.int().min(1).default(20) }).default({ publishWithinDays: 20 }),
});

export type PolicyConfig = z.infer<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;

/** The defaults, ready to use. */
export const defaultPolicyConfig: PolicyConfig = policyConfigSchema.parse({});

/** Merges overrides into the defaults; throws a ZodError naming the field when an override is invalid. */
export function resolvePolicyConfig(overrides: PolicyConfigInput = {}): PolicyConfig {
  return policyConfigSchema.parse(overrides);
}

/** Where each default comes from (rule ids refer to shared/domain/rules.md). */
export const POLICY_SOURCES: Readonly<Record<string, string>> = {
  grading: 'EV-2 财预〔2020〕10号：优≥90、良≥80、中≥60、差<60',
  selfEvaluationWeights: 'EV-3 财预〔2020〕10号：执行率10、产出50、效益30、满意度10',
  weightScheme: 'EV-3 / IN-2：权重按一级指标分配，可配置',
  qualitativeBands: 'EV-6 财预〔2020〕10号：定性指标三档 100–80%、80–60%、60–0%',
  minOutputPlusBenefitShare: 'EV-7 财预〔2020〕10号：产出+效益原则上不低于60%',
  'monitoring.timeProgressBasis': 'MO-6 序时进度 = 已过月数÷12（或天数）',
  'monitoring.lagYellowPoints': 'MO-6 [U] 建议默认：落后序时进度10个百分点以上黄色预警',
  'monitoring.lagOrangePoints': 'MO-6 [U] 设计默认：黄、红之间设橙色',
  'monitoring.lagRedPoints': 'MO-6 [U] 建议默认：落后20个百分点以上红色预警',
  'monitoring.noPaymentByMonth': '[U] 设计默认：半年未支付即预警',
  'monitoring.roundMonth': 'MO-3 财预〔2019〕136号：每年8月集中监控1–7月',
  'monitoring.deviationExplainShare': 'IN-6 [U] 偏差超过20%须说明原因',
  'monitoring.reportOverdueDays': '[U] 设计默认：指标完成情况90天未报即逾期',
  'coverage.selfEvaluationMinShare': 'EV-10 景党发〔2019〕18号§九：自评资金不低于60%',
  'coverage.specialTransferMinShare': 'EV-10 景党发〔2019〕18号§九：专项转移支付自评全覆盖',
  resultApplication: 'JX-2 景党发〔2019〕18号§十：一般和差扣减下年度预算控制数（比例[U]）',
  'ppp.affordabilityRedLine': 'PP-1 财金〔2015〕21号：PPP支出责任≤一般公共预算支出10%',
  'ppp.affordabilityWarning': 'PP-2 财金〔2019〕10号：超过7%风险预警',
  'ppp.governmentPayNewLimit': 'PP-1 超过5%不得新上政府付费项目',
  'ppp.minPerformanceLinkedShare': 'PP-3 财办金〔2017〕92号：建设成本不少于30%与绩效挂钩',
  'ppp.valueForMoneyPassScore': 'PP-5 财金〔2015〕167号：物有所值定性评价60分通过',
  debt: 'DB-1 [V 二手] 债务率 红≥300%、橙200–300%、黄120–200%',
  'soeCapital.minTransferToGeneralShare': 'OT-4 景党发〔2019〕18号§十二：收益上缴一般公共预算比例30%以上',
  purchasedServices: 'OT-2 财政部令第102号：合同一般不超过1年，最长3年',
  'disclosure.publishWithinDays': 'F-5 预算法第14条：批复后20日内公开',
};
