import { z } from 'zod';
import { evaluationConfigSchema } from './evaluation/config.ts';
import { keyEvaluationConfigSchema } from './evaluation/key-config.ts';
import { exAnteConfigSchema } from './ex-ante/config.ts';
import { managementAssessmentConfigSchema } from './management-assessment/config.ts';
import { resultApplicationConfigSchema } from './result-application/config.ts';
import { selfEvaluationConfigSchema } from './self-evaluation/scheme.ts';
import { departmentTargetConfigSchema, targetQualityConfigSchema } from './targets/quality-config.ts';
import { budgetPreparationConfigSchema } from './targets/reminders.ts';

/** The lag bands and report deadline a fund type may set differently (`fundTypes.<id>.monitoring`). */
const lagPoints = z.number().min(0).max(100);
const reportDays = z.int().min(1).max(366);

/**
 * Every number the platform's own rules use, with its default. Jurisdictions override them
 * through configuration; code reads them from here and never repeats the literal. A fund type's
 * own numbers live in its plugin (`definePlugin({ settings })`), not here.
 * Sources: `POLICY_SOURCES` below, from shared/domain/rules.md.
 */
const policyConfigObject = z.strictObject({
  grading: z
    .strictObject({
      /** Lower bounds (inclusive) of 优, 良, 中; below `fair` is 差. */
      excellent: z.number().min(0).max(100).default(90),
      good: z.number().min(0).max(100).default(80),
      fair: z.number().min(0).max(100).default(60),
    })
    .default({ excellent: 90, good: 80, fair: 60 }),
  selfEvaluationWeights: z
    .strictObject({
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
    .strictObject({
      met: z.number().min(0).max(1).default(1),
      partlyMet: z.number().min(0).max(1).default(0.8),
      notMet: z.number().min(0).max(1).default(0.6),
    })
    .default({ met: 1, partlyMet: 0.8, notMet: 0.6 }),
  /** Scoring schemes of self-evaluation tables beyond the default 财预〔2020〕10号 one (EV-3). */
  selfEvaluation: selfEvaluationConfigSchema,
  /** 事前绩效评估: scope, dimensions and weights, conclusion bands. */
  exAnte: exAnteConfigSchema,
  /** Quality checks of performance targets on submission, each with its severity. */
  targetQuality: targetQualityConfigSchema,
  /** 预算编报: the deadline by which items need their assessment and target (reminders before it). */
  budgetPreparation: budgetPreparationConfigSchema,
  departmentTargets: departmentTargetConfigSchema,
  /** Finance/department evaluation: 产出 + 效益 weight share at least this (percent). */
  minOutputPlusBenefitShare: z.number().min(0).max(100).default(60),
  monitoring: z
    .strictObject({
      /** 序时进度 by elapsed months or elapsed days. */
      timeProgressBasis: z.enum(['month', 'day']).default('month'),
      /** Yellow when execution trails time progress by more than this many percentage points. */
      lagYellowPoints: lagPoints.default(10),
      /** Orange between yellow and red (percentage points behind). */
      lagOrangePoints: lagPoints.default(15),
      /** Red when execution trails time progress by more than this many percentage points. */
      lagRedPoints: lagPoints.default(20),
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
      reportOverdueDays: reportDays.default(90),
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
    .strictObject({
      /** Department self-evaluation must cover at least this share of project funds. */
      selfEvaluationMinShare: z.number().min(0).max(1).default(0.6),
      /** Special transfer payments must be self-evaluated to this share (全覆盖). */
      specialTransferMinShare: z.number().min(0).max(1).default(1),
      /** Month-day in the following year by which a year's self-evaluations are due. */
      selfEvaluationDeadline: z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
        .default('04-30'),
      /** Departments still short this many days before the deadline are warned. */
      warnDaysBefore: z.int().min(0).max(366).default(30),
    })
    .default({
      selfEvaluationMinShare: 0.6,
      specialTransferMinShare: 1,
      selfEvaluationDeadline: '04-30',
      warnDaysBefore: 30,
    }),
  evaluation: evaluationConfigSchema,
  keyEvaluation: keyEvaluationConfigSchema,
  managementAssessment: managementAssessmentConfigSchema,
  resultApplication: resultApplicationConfigSchema,
  disclosure: z
    .strictObject({ publishWithinDays: z.int().min(1).default(20) })
    .default({ publishWithinDays: 20 }),
  /**
   * Per fund type (keyed by plugin id), core thresholds that differ from the ones above: e.g. a
   * fund that pays out in one lump late in the year may lag further before it is yellow.
   */
  fundTypes: z
    .record(
      z
        .string()
        .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, '资金类型 id 须为 kebab-case（如 "gov-fund-budget"）'),
      z.strictObject({
        monitoring: z
          .strictObject({
            lagYellowPoints: lagPoints.optional(),
            lagOrangePoints: lagPoints.optional(),
            lagRedPoints: lagPoints.optional(),
            reportOverdueDays: reportDays.optional(),
          })
          .default({}),
      }),
    )
    .default({}),
});

type MonitoringThresholds = z.output<typeof policyConfigObject>['monitoring'];

/** The lag bands must rise: yellow ≤ orange ≤ red. */
function bandProblem(m: Pick<MonitoringThresholds, 'lagYellowPoints' | 'lagOrangePoints' | 'lagRedPoints'>) {
  if (m.lagOrangePoints < m.lagYellowPoints)
    return { key: 'lagOrangePoints', message: '橙色阈值不能低于黄色阈值' } as const;
  if (m.lagRedPoints < m.lagOrangePoints)
    return { key: 'lagRedPoints', message: '红色阈值不能低于橙色阈值' } as const;
  return null;
}

export const policyConfigSchema = policyConfigObject.superRefine((config, ctx) => {
  const base = bandProblem(config.monitoring);
  if (base) ctx.addIssue({ code: 'custom', path: ['monitoring', base.key], message: base.message });
  for (const [id, override] of Object.entries(config.fundTypes)) {
    const merged = bandProblem({ ...config.monitoring, ...override.monitoring });
    if (merged) {
      ctx.addIssue({
        code: 'custom',
        path: ['fundTypes', id, 'monitoring', merged.key],
        message: `${merged.message}（与全局默认值合并后）`,
      });
    }
  }
});

export type PolicyConfig = z.infer<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;

/** The defaults, ready to use. */
export const defaultPolicyConfig: PolicyConfig = policyConfigSchema.parse({});

/** Merges overrides into the defaults; throws a ZodError naming the field when an override is invalid. */
export function resolvePolicyConfig(overrides: PolicyConfigInput = {}): PolicyConfig {
  return policyConfigSchema.parse(overrides);
}

/**
 * The configuration as it applies to items of one fund type: its `fundTypes.<id>` overrides
 * merged into `monitoring` (the same object when it has none).
 */
export function policyForFundType(config: PolicyConfig, fundTypeId: string): PolicyConfig {
  const override = config.fundTypes[fundTypeId]?.monitoring;
  if (!override || Object.keys(override).length === 0) return config;
  return { ...config, monitoring: { ...config.monitoring, ...definedOnly(override) } };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Where each default comes from (rule ids refer to shared/domain/rules.md). */
export const POLICY_SOURCES: Readonly<Record<string, string>> = {
  grading: 'EV-2 财预〔2020〕10号：优≥90、良≥80、中≥60、差<60',
  selfEvaluationWeights: 'EV-3 财预〔2020〕10号：执行率10、产出50、效益30、满意度10',
  weightScheme: 'EV-3 / IN-2：权重按一级指标分配，可配置',
  selfEvaluation: 'EV-3 各地自评表评分口径不一（如预算执行20分+绩效指标80分、增设长效管理），可配置评分方案',
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
  'coverage.specialTransferMinShare': 'EV-10 景党发〔2019〕18号§九：专项转移支付自评全覆盖（100%）',
  'coverage.selfEvaluationDeadline': 'EV-12 [U] 设计默认：次年4月30日前完成上年度绩效自评',
  'coverage.warnDaysBefore': 'EV-12 [U] 设计默认：截止前30天仍未达到覆盖要求的部门收到预警',
  resultApplication: 'JX-2 景党发〔2019〕18号§十：一般和差扣减下年度预算控制数（比例[U]）',
  'resultApplication.extraCutUnrectified': 'EV-11 未整改或整改不到位的进一步扣减；比例[U]，默认10%',
  'resultApplication.departmentAdjustment':
    '景党发〔2019〕18号§十六 部门整体绩效与部门预算安排挂钩；调整比例[U]',
  'resultApplication.exit': '景党发〔2019〕18号§五、§十六 政策到期、绩效低下的清理退出；次数与执行率门槛[U]',
  'resultApplication.overlap': 'EV-11 / 景党发〔2019〕18号§十六 交叉重复、碎片化的予以调整；相似度口径[U]',
  'resultApplication.transferFactor':
    '景党发〔2019〕18号§十六 下级政府财政运行综合绩效与转移支付分配挂钩；系数区间[U]',
  'resultApplication.ownerReminders':
    '景党发〔2019〕18号§十五 项目责任人对项目预算绩效负责、重大项目终身追责；向责任人提醒未完成整改及问责情况的周期[U]，设计默认每周一',
  managementAssessment:
    '景党发〔2019〕18号§十九 财政部门对部门、预算单位和下级财政部门的预算绩效管理工作考核，通报表扬与约谈整改；指标与分值[U]',
  'evaluation.spotCheck': 'EV-10 景党发〔2019〕18号§九 财政会同审计抽查自评；抽查比例、必抽类别与失真分差[U]',
  'evaluation.countyFiscal': 'DW-2 下级政府财政运行综合绩效评价；指标与分值[U]，债务率分档同DB-1',
  'evaluation.countyFiscal.taxShare':
    'DW-2 收入质量：税收收入占一般公共预算收入比重；得分区间[U]，默认50%以下不得分、75%以上满分',
  'evaluation.countyFiscal.basicGuarantees':
    'DW-2 “三保”支出保障程度（已安排÷需求）；得分区间[U]，默认90%以下不得分、足额满分',
  'evaluation.countyFiscal.debt': 'DB-1 债务率分档（黄120%、橙200%、红300%）；各档保留分值比例[U]',
  'evaluation.countyFiscal.treasuryCash':
    'DW-2 库款保障水平（库款余额÷月均支出）；得分区间[U]，默认0.3个月以下不得分、0.8个月以上满分',
  'evaluation.countyFiscal.management':
    'DW-2 / DI-6 绩效管理工作：取预算绩效管理工作考核中该县财政部门的得分；分值[U]',
  'evaluation.experts':
    '景党发〔2019〕18号§十三 专家和第三方机构库、质量监督；财监〔2021〕4号（DI-3）；汇总规则与回避年限[U]',
  'evaluation.reminders':
    'EV-12 [U] 设计默认：自评截止前14天提醒尚未报送的经办人；重点评价到期前7天提醒尚未提交评分的专家',
  keyEvaluation:
    '景党发〔2019〕18号§十三 第三方机构执业质量监督（DI-3 财监〔2021〕4号）：每次评价后按清单评定质量；清单与分值[U]',
  'disclosure.publishWithinDays': 'F-5 预算法第14条：批复后20日内公开',
  fundTypes: 'MO-6 各资金类型支出节奏不同：滞后分档、指标逾期天数可按资金类型另行设定',
  'exAnte.scope.newMajor': 'EA-2 景党发〔2019〕18号§六：新出台重大政策、项目开展事前绩效评估',
  'exAnte.scope.newItemMinFen': 'EA-6 [U] 各地常以新增500万元以上项目纳入事前评估范围，默认500万元',
  'exAnte.scope.newCapitalConstruction': 'EA-6 景党发〔2019〕18号§六：投资主管部门加强基建投资绩效评估',
  'exAnte.dimensions': 'EA-1 中发〔2018〕34号五个维度；EA-4 示例评分表每维度20分（权重各地不同）',
  'exAnte.bands': 'EA-7 [U] 设计默认：80分以上予以支持，60–80分调整完善后予以支持，60分以下不予支持',
  'exAnte.requireReport': 'EA-2 评估报告是预算申请的必备要件',
  'budgetPreparation.deadline':
    'EA-2、IN-1 [U] 事前评估和绩效目标随预算申报；部门预算编报截止日各地不同（预算年度前一年的月-日），默认10月31日',
  'budgetPreparation.remindDaysBefore': '[U] 设计默认：截止日前30天起每日提醒尚未评估、尚未报送目标的项目',
  'targetQuality.minQuantifiedShare': 'IN-8 [U] IN-4 细化量化；定量指标占比默认不低于70%',
  'targetQuality.historyDeviationShare': 'IN-7 [U] 设计默认：与本项目以往目标值相差50%以上提示核实',
  'targetQuality.publicServiceSectors': 'IN-2 满意度指标：面向社会公众提供服务的项目设服务对象满意度',
  'targetQuality.severity': 'IN-7 各项质量检查的处理方式（拒收、提示或关闭）可配置',
  'departmentTargets.requiredDimensions':
    'DW-1 景党发〔2019〕18号§四：运行成本、管理效率、履职效能、社会效应、可持续发展能力、服务对象满意度',
  'departmentTargets.requiredForBudget':
    'DW-3 [U] 景党发〔2019〕18号§七 全面设置部门整体绩效目标；是否作为批复前置条件由各地确定，默认否',
};
