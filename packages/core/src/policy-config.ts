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
      /** An indicator forecast to complete less than this share of its target is a red warning. */
      forecastCompletionRed: z.number().min(0).max(1).default(0.5),
      /** Indicator reports older than this many days are overdue. */
      reportOverdueDays: z.int().min(1).max(366).default(90),
      /**
       * A sweep that opens or escalates more warnings than this for one person sends them one
       * summary (预警汇总) instead of one message per warning.
       */
      maxPushesPerRecipient: z.int().min(0).max(1000).default(5),
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
      forecastCompletionRed: 0.5,
      reportOverdueDays: 90,
      maxPushesPerRecipient: 5,
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
      /** Cooperation period bounds in years (财金〔2014〕113号 10–30年; 财办金〔2017〕92号 不低于10年). */
      minCooperationYears: z.int().min(1).default(10),
      maxCooperationYears: z.int().min(1).default(30),
      /** Items starting in or after this fiscal year fall under the new mechanism (国办函〔2023〕115号): user-paid only. */
      newMechanismFromYear: z.int().min(2000).max(2100).default(2024),
    })
    .default({
      affordabilityRedLine: 0.1,
      affordabilityWarning: 0.07,
      governmentPayNewLimit: 0.05,
      minPerformanceLinkedShare: 0.3,
      valueForMoneyPassScore: 60,
      minCooperationYears: 10,
      maxCooperationYears: 30,
      newMechanismFromYear: 2024,
    }),
  debt: z
    .object({
      /** 债务率 bands (debt balance ÷ usable revenue), lower bounds of yellow, orange, red. */
      ratioYellow: z.number().min(0).default(1.2),
      ratioOrange: z.number().min(0).default(2),
      ratioRed: z.number().min(0).default(3),
      /** Special bonds: project revenue ÷ financing principal and interest must reach this (收益与融资自求平衡). */
      minSelfBalanceCoverage: z.number().min(0).default(1),
      /** Coverage below this (but above the minimum) is a yellow warning. */
      coverageWarning: z.number().min(0).default(1.2),
      /** Bond money: months after issue when spending progress is checked, and the share that should be spent by then. */
      spendingCheckMonths: z.int().min(1).max(60).default(6),
      minSpentShareAfterCheck: z.number().min(0).max(1).default(0.5),
    })
    .default({
      ratioYellow: 1.2,
      ratioOrange: 2,
      ratioRed: 3,
      minSelfBalanceCoverage: 1,
      coverageWarning: 1.2,
      spendingCheckMonths: 6,
      minSpentShareAfterCheck: 0.5,
    }),
  soeCapital: z
    .object({
      minTransferToGeneralShare: z.number().min(0).max(1).default(0.3),
      /** Share of state equity transferred to the social-security fund (国发〔2017〕49号). */
      socialSecurityTransferShare: z.number().min(0).max(1).default(0.1),
    })
    .default({ minTransferToGeneralShare: 0.3, socialSecurityTransferShare: 0.1 }),
  purchasedServices: z
    .object({
      maxContractYears: z.int().min(1).default(3),
      standardContractYears: z.int().min(1).default(1),
      /** Share of the contract price that should be paid according to performance (按效付费). */
      minPerformanceLinkedShare: z.number().min(0).max(1).default(0.3),
      /** Purchases of at least this amount should have a third-party performance evaluation. */
      thirdPartyEvaluationAboveFen: z.int().min(0).default(100_000_000),
    })
    .default({
      maxContractYears: 3,
      standardContractYears: 1,
      minPerformanceLinkedShare: 0.3,
      thirdPartyEvaluationAboveFen: 100_000_000,
    }),
  generalBudget: z
    .object({
      /** Revenue growth target may exceed expected GDP growth by at most this (0.01 = 1 percentage point). */
      revenueGrowthMaxExcess: z.number().min(0).max(1).default(0.01),
      /** December revenue above this share of the year's revenue is a sign of year-end over-collection. */
      decemberRevenueMaxShare: z.number().min(0).max(1).default(0.15),
      /** Revenue above its budget target by more than this share is a sign of over-collection. */
      overCollectionTolerance: z.number().min(0).max(1).default(0.05),
      /** Tax revenue below this share of general-budget revenue: weak revenue quality. */
      minTaxRevenueShare: z.number().min(0).max(1).default(0.7),
      /** Money carried over for this many years or more is recovered for general use (长期沉淀资金收回). */
      maxCarryOverYears: z.int().min(1).default(2),
    })
    .default({
      revenueGrowthMaxExcess: 0.01,
      decemberRevenueMaxShare: 0.15,
      overCollectionTolerance: 0.05,
      minTaxRevenueShare: 0.7,
      maxCarryOverYears: 2,
    }),
  govFund: z
    .object({
      /** Carry-over above this share of the fund's income for the year goes to the general budget. */
      maxCarryOverShareOfIncome: z.number().min(0).max(1).default(0.3),
      /** Fund money available ÷ special-bond principal and interest due below this is a yellow warning. */
      repaymentCoverageWarning: z.number().min(0).default(1.2),
    })
    .default({ maxCarryOverShareOfIncome: 0.3, repaymentCoverageWarning: 1.2 }),
  socialInsurance: z
    .object({
      /** Months of payments the accumulated balance covers: red below this. */
      payableMonthsRed: z.number().min(0).default(3),
      /** Yellow below this. */
      payableMonthsYellow: z.number().min(0).default(6),
      /** Actuarial gap above this share of the year's expenditure is a warning. */
      actuarialGapMaxShare: z.number().min(0).max(1).default(0.05),
    })
    .default({ payableMonthsRed: 3, payableMonthsYellow: 6, actuarialGapMaxShare: 0.05 }),
  investmentFund: z
    .object({
      /** Paid-in money left uninvested for more than this many days is idle. */
      maxIdleDays: z.int().min(1).default(365),
      /** Share of investment that must go to the policy target when the fund's charter gives none. */
      defaultPolicyTargetMinShare: z.number().min(0).max(1).default(0.6),
    })
    .default({ maxIdleDays: 365, defaultPolicyTargetMinShare: 0.6 }),
  procurement: z
    .object({
      /** Contract signed within this many days of the award notice (政府采购法第四十六条). */
      contractSignWithinDays: z.int().min(1).default(30),
      /** Budgets at or above this must use public tender unless another method was approved. */
      publicTenderThresholdFen: z.int().min(0).default(400_000_000),
      /** Share of a suitable purchase reserved for small and medium firms (财库〔2020〕46号). */
      smeReserveShare: z.number().min(0).max(1).default(0.3),
      /** The SME reservation applies to budgets at or above this. */
      smeReserveThresholdFen: z.int().min(0).default(200_000_000),
      /** A savings rate above this suggests an inflated budget or abnormally low bids. */
      abnormalSavingsShare: z.number().min(0).max(1).default(0.3),
    })
    .default({
      contractSignWithinDays: 30,
      publicTenderThresholdFen: 400_000_000,
      smeReserveShare: 0.3,
      smeReserveThresholdFen: 200_000_000,
      abnormalSavingsShare: 0.3,
    }),
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
  'monitoring.forecastCompletionRed':
    'MO-6 [U] 设计默认：预计年底完成率低于50%红色预警（MO-6 只规定“完全不可能”为红色；偏差20%以内不预警、以上橙色见 IN-6）',
  'monitoring.reportOverdueDays': '[U] 设计默认：指标完成情况90天未报即逾期',
  'monitoring.maxPushesPerRecipient':
    '[U] 设计默认：一次扫描给同一人超过5条预警即合并为一条汇总（钉钉标准版每应用每接口20次/秒、每月5000次调用）',
  'coverage.selfEvaluationMinShare': 'EV-10 景党发〔2019〕18号§九：自评资金不低于60%',
  'coverage.specialTransferMinShare': 'EV-10 景党发〔2019〕18号§九：专项转移支付自评全覆盖',
  resultApplication: 'JX-2 景党发〔2019〕18号§十：一般和差扣减下年度预算控制数（比例[U]）',
  'ppp.affordabilityRedLine': 'PP-1 财金〔2015〕21号：PPP支出责任≤一般公共预算支出10%',
  'ppp.affordabilityWarning': 'PP-2 财金〔2019〕10号：超过7%风险预警',
  'ppp.governmentPayNewLimit': 'PP-1 超过5%不得新上政府付费项目',
  'ppp.minPerformanceLinkedShare': 'PP-3 财办金〔2017〕92号：建设成本不少于30%与绩效挂钩',
  'ppp.valueForMoneyPassScore': 'PP-5 财金〔2015〕167号：物有所值定性评价60分通过',
  'ppp.minCooperationYears': '财金〔2014〕113号、财办金〔2017〕92号 [R]：合作期限原则上不低于10年',
  'ppp.maxCooperationYears': '财金〔2014〕113号 [R]：合作期限一般为10–30年',
  'ppp.newMechanismFromYear': 'PP-6 国办函〔2023〕115号：新机制项目实行特许经营、使用者付费（2024年度起）',
  debt: 'DB-1 [V 二手] 债务率 红≥300%、橙200–300%、黄120–200%',
  'debt.minSelfBalanceCoverage': 'DB-2 / 财预〔2017〕89号 [R]：专项债项目收益与融资自求平衡（覆盖倍数≥1）',
  'debt.coverageWarning': '[U] 实施方案常用本息覆盖倍数1.2倍，低于即提示',
  'debt.spendingCheckMonths': '[U] 设计默认：债券发行6个月后检查资金支出进度',
  'debt.minSpentShareAfterCheck':
    '[U] 设计默认：发行6个月后支出不足50%预警（财预〔2021〕61号要求加快支出、形成实物工作量）',
  'soeCapital.socialSecurityTransferShare': 'OT-4 国发〔2017〕49号：划转国有股权10%充实社保基金',
  'purchasedServices.minPerformanceLinkedShare': 'OT-2 财政部令第102号按绩效付费；比例[U]，参照PP-3默认30%',
  'purchasedServices.thirdPartyEvaluationAboveFen': 'OT-2 / DI-3 财预〔2021〕6号；金额门槛[U]，默认100万元',
  'generalBudget.revenueGrowthMaxExcess': 'F-4 收入预期与经济增长相协调；容差[U]，默认1个百分点',
  'generalBudget.decemberRevenueMaxShare': 'F-4 严禁收过头税费；12月收入占比门槛[U]，默认15%',
  'generalBudget.overCollectionTolerance':
    'F-4 收入预算由约束性转为预期性、不得收过头税；超收门槛[U]，默认5%',
  'generalBudget.minTaxRevenueShare': 'F-4 收入结构；税收占比门槛[U]，默认70%',
  'generalBudget.maxCarryOverYears':
    'EV-11 长期沉淀资金一律收回；国办发〔2014〕70号 [R]：结转两年以上的资金收回统筹使用',
  'govFund.maxCarryOverShareOfIncome':
    '国发〔2014〕45号 [R]：结转超过当年收入30%的部分调入一般公共预算统筹使用',
  'govFund.repaymentCoverageWarning': 'F-4 地方须关注基金对专项债偿还的保障程度；1.2倍门槛[U]',
  'socialInsurance.payableMonthsRed': 'OT-5 财社〔2022〕65号 防范风险；可支付月数门槛[U]，默认3个月',
  'socialInsurance.payableMonthsYellow': 'OT-5 [U] 医保统筹基金结存常以6–9个月为合理区间，默认低于6个月黄色',
  'socialInsurance.actuarialGapMaxShare': 'OT-5 精算平衡；缺口占当年支出比例门槛[U]，默认5%',
  'investmentFund.maxIdleDays': 'OT-1 财预〔2020〕7号 提高资金使用效率；闲置天数门槛[U]，默认365天',
  'investmentFund.defaultPolicyTargetMinShare': 'OT-1 财预〔2020〕7号 政策目标；基金章程未约定时默认60%[U]',
  'procurement.contractSignWithinDays': '《政府采购法》第四十六条：中标、成交通知书发出之日起30日内签订合同',
  'procurement.publicTenderThresholdFen':
    '《政府采购法》第二十七条：公开招标数额标准由省级政府确定；默认400万元[U]',
  'procurement.smeReserveShare': '财库〔2020〕46号：适宜由中小企业提供的项目预留30%以上份额',
  'procurement.smeReserveThresholdFen': '财库〔2020〕46号：200万元以上的货物和服务采购项目适用预留份额',
  'procurement.abnormalSavingsShare': 'OT-3 [U] 设计默认：节约率超过30%提示预算编制不实或低价中标风险',
  'soeCapital.minTransferToGeneralShare': 'OT-4 景党发〔2019〕18号§十二：收益上缴一般公共预算比例30%以上',
  purchasedServices: 'OT-2 财政部令第102号：合同一般不超过1年，最长3年',
  'disclosure.publishWithinDays': 'F-5 预算法第14条：批复后20日内公开',
};
