import { z } from 'zod';

/** Enum values with their Chinese labels; the labels are what users see. */
function labelled<const T extends readonly [string, ...string[]]>(
  values: T,
  labels: Record<T[number], string>,
) {
  return { values, labels, schema: z.enum(values) } as const;
}

export const ROLES = labelled(
  [
    'finance_admin',
    'dept_officer',
    'unit_officer',
    'auditor',
    'evaluator',
    'leader',
    'region_leader',
    'plugin',
  ],
  {
    finance_admin: '财政绩效管理员',
    dept_officer: '主管部门绩效专员',
    unit_officer: '预算单位绩效专员',
    auditor: '审计人员',
    evaluator: '评价专家/第三方',
    leader: '部门领导（只读本部门）',
    region_leader: '市县领导（只读本级全域）',
    plugin: '系统对接',
  },
);
export type Role = (typeof ROLES.values)[number];
export const roleSchema = ROLES.schema;

export const BUDGET_BOOKS = labelled(['general', 'gov_fund', 'soe_capital', 'social_insurance'], {
  general: '一般公共预算',
  gov_fund: '政府性基金预算',
  soe_capital: '国有资本经营预算',
  social_insurance: '社会保险基金预算',
});
export type BudgetBook = (typeof BUDGET_BOOKS.values)[number];

const ORG_KINDS = labelled(['finance_bureau', 'department', 'unit', 'third_party'], {
  finance_bureau: '财政部门',
  department: '主管部门',
  unit: '预算单位',
  third_party: '第三方机构',
});
export const orgKindSchema = ORG_KINDS.schema;

const REGION_LEVELS = labelled(['province', 'city', 'county'], {
  province: '省',
  city: '市',
  county: '县（市、区）',
});
export const regionLevelSchema = REGION_LEVELS.schema;

export const ITEM_KINDS = labelled(['project', 'policy', 'department_wide', 'transfer_payment'], {
  project: '项目',
  policy: '政策',
  department_wide: '部门整体',
  transfer_payment: '转移支付',
});
export type ItemKind = (typeof ITEM_KINDS.values)[number];
export const itemKindSchema = ITEM_KINDS.schema;

export const ITEM_STATES = labelled(
  [
    'draft',
    'assessed',
    'targets_submitted',
    'targets_approved',
    'budget_approved',
    'executing',
    'suspended',
    'self_evaluated',
    'evaluated',
    'closed',
    'terminated',
  ],
  {
    draft: '编制中',
    assessed: '已事前评估',
    targets_submitted: '目标已报送',
    targets_approved: '目标已审核',
    budget_approved: '预算已批复',
    executing: '执行中',
    suspended: '暂缓拨款',
    self_evaluated: '已自评',
    evaluated: '已评价',
    closed: '已办结',
    terminated: '已清理退出',
  },
);
export type ItemState = (typeof ITEM_STATES.values)[number];
export const itemStateSchema = ITEM_STATES.schema;

export const INDICATOR_LEVEL1 = labelled(['output', 'benefit', 'cost', 'satisfaction'], {
  output: '产出指标',
  benefit: '效益指标',
  cost: '成本指标',
  satisfaction: '满意度指标',
});
export type IndicatorLevel1 = (typeof INDICATOR_LEVEL1.values)[number];

export const INDICATOR_LEVEL2 = labelled(
  [
    'quantity',
    'quality',
    'timeliness',
    'cost',
    'economic_cost',
    'social_cost',
    'ecological_cost',
    'economic',
    'social',
    'ecological',
    'sustainable',
    'satisfaction',
  ],
  {
    quantity: '数量指标',
    quality: '质量指标',
    timeliness: '时效指标',
    cost: '成本指标',
    economic_cost: '经济成本指标',
    social_cost: '社会成本指标',
    ecological_cost: '生态环境成本指标',
    economic: '经济效益指标',
    social: '社会效益指标',
    ecological: '生态效益指标',
    sustainable: '可持续影响指标',
    satisfaction: '服务对象满意度指标',
  },
);
export type IndicatorLevel2 = (typeof INDICATOR_LEVEL2.values)[number];

/** Which level-2 headings may sit under each level-1 heading (IN-2: 成本 may sit under 产出 or stand alone). */
export const LEVEL2_UNDER_LEVEL1: Readonly<Record<IndicatorLevel1, readonly IndicatorLevel2[]>> = {
  output: ['quantity', 'quality', 'timeliness', 'cost'],
  benefit: ['economic', 'social', 'ecological', 'sustainable'],
  cost: ['economic_cost', 'social_cost', 'ecological_cost'],
  satisfaction: ['satisfaction'],
};

export const OPERATORS = labelled(['gte', 'lte', 'eq', 'range', 'qualitative'], {
  gte: '≥',
  lte: '≤',
  eq: '=',
  range: '区间',
  qualitative: '定性',
});
export type Operator = (typeof OPERATORS.values)[number];

export const QUALITATIVE_STATUSES = labelled(['met', 'partly_met', 'not_met'], {
  met: '达成年度指标',
  partly_met: '部分达成并具有一定效果',
  not_met: '未达成且效果较差',
});
export type QualitativeStatus = (typeof QUALITATIVE_STATUSES.values)[number];

/** MO-5: the standard categories of deviation causes. */
export const DEVIATION_REASONS = labelled(['funding', 'institutional', 'staffing', 'hardware', 'other'], {
  funding: '经费保障',
  institutional: '制度保障',
  staffing: '人员保障',
  hardware: '硬件条件保障',
  other: '其他',
});
export type DeviationReason = (typeof DEVIATION_REASONS.values)[number];

/** MO-5: likelihood of meeting the target by year end. */
export const COMPLETION_LIKELIHOOD = labelled(['certain', 'possible', 'impossible'], {
  certain: '确定能',
  possible: '有可能',
  impossible: '完全不可能',
});
export type CompletionLikelihood = (typeof COMPLETION_LIKELIHOOD.values)[number];

export const SEVERITIES = labelled(['yellow', 'orange', 'red'], {
  yellow: '黄色预警',
  orange: '橙色预警',
  red: '红色预警',
});
export type Severity = (typeof SEVERITIES.values)[number];
export const severitySchema = SEVERITIES.schema;

export const SUGGESTED_ACTIONS = labelled(
  ['remind', 'explain', 'rectify', 'suspend_payment', 'stop_payment'],
  {
    remind: '提醒关注',
    explain: '说明原因',
    rectify: '限期整改',
    suspend_payment: '暂缓拨款',
    stop_payment: '停止拨款',
  },
);
export type SuggestedAction = (typeof SUGGESTED_ACTIONS.values)[number];

export const EX_ANTE_CONCLUSIONS = labelled(['support', 'support_after_revision', 'reject'], {
  support: '予以支持',
  support_after_revision: '调整完善后予以支持',
  reject: '不予支持',
});
export type ExAnteConclusion = (typeof EX_ANTE_CONCLUSIONS.values)[number];

export const GRADES = labelled(['excellent', 'good', 'fair', 'poor'], {
  excellent: '优',
  good: '良',
  fair: '中（一般）',
  poor: '差',
});
export type Grade = (typeof GRADES.values)[number];

export const PAYMENT_SOURCES = labelled(['treasury', 'report', 'import'], {
  treasury: '国库支付',
  report: '单位报送',
  import: '批量导入',
});
/** What an attached file is for; each workflow attaches under its own purpose. */
export const ATTACHMENT_PURPOSES = labelled(
  [
    'ex_ante_report',
    'target_material',
    'monitoring_evidence',
    'self_evaluation_evidence',
    'rectification_evidence',
    'evaluation_report',
    'other',
  ],
  {
    ex_ante_report: '事前绩效评估报告',
    target_material: '绩效目标佐证材料',
    monitoring_evidence: '监控佐证材料',
    self_evaluation_evidence: '自评佐证材料',
    rectification_evidence: '整改佐证材料',
    evaluation_report: '评价报告',
    other: '其他材料',
  },
);
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES.values)[number];

/**
 * 行业领域 of an item, after the 支出功能分类 (functional classification of expenditure); sector
 * core indicators (景党发〔2019〕18号§十四 分行业、分领域) are kept per sector.
 */
export const SECTORS = labelled(
  [
    'general_services',
    'public_safety',
    'education',
    'science',
    'culture',
    'social_security',
    'health',
    'environment',
    'urban_rural',
    'agriculture',
    'transport',
    'industry',
    'natural_resources',
    'housing',
    'emergency',
  ],
  {
    general_services: '一般公共服务',
    public_safety: '公共安全',
    education: '教育',
    science: '科学技术',
    culture: '文化旅游体育与传媒',
    social_security: '社会保障和就业',
    health: '卫生健康',
    environment: '节能环保',
    urban_rural: '城乡社区',
    agriculture: '农林水',
    transport: '交通运输',
    industry: '资源勘探工业信息',
    natural_resources: '自然资源海洋气象',
    housing: '住房保障',
    emergency: '灾害防治及应急管理',
  },
);
export type Sector = (typeof SECTORS.values)[number];

/** Target-value standards of an indicator (IN-3, EV-8: 计划标准、行业标准、历史标准、其他). */
export const INDICATOR_STANDARDS = labelled(['plan', 'industry', 'historical', 'other'], {
  plan: '计划标准',
  industry: '行业标准',
  historical: '历史标准',
  other: '其他标准',
});
export type IndicatorStandard = (typeof INDICATOR_STANDARDS.values)[number];

/** DW-1 (景党发〔2019〕18号§四): the dimensions of a department-wide target. */
export const DEPARTMENT_DIMENSIONS = labelled(
  [
    'effectiveness',
    'running_cost',
    'management_efficiency',
    'social_effect',
    'sustainability',
    'satisfaction',
  ],
  {
    effectiveness: '履职效能',
    running_cost: '运行成本',
    management_efficiency: '管理效率',
    social_effect: '社会效应',
    sustainability: '可持续发展能力',
    satisfaction: '服务对象满意度',
  },
);

/** Who carries out an ex-ante assessment (景党发〔2019〕18号§六). */
export const ASSESSORS = labelled(['department', 'third_party'], {
  department: '部门自行评估',
  third_party: '财政委托第三方机构评估',
});
export type Assessor = (typeof ASSESSORS.values)[number];

/** Where an ex-ante assessment stands: prepared, with the finance bureau (预算审核), returned, accepted. */
export const ASSESSMENT_STATUSES = labelled(['draft', 'submitted', 'returned', 'accepted'], {
  draft: '评估中',
  submitted: '已提交财政审核',
  returned: '财政退回修改',
  accepted: '财政审核通过',
});
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES.values)[number];

/** EV-12: where a 绩效自评 stands (drafted by the officer, confirmed by the department, received by finance). */
export const SELF_EVALUATION_STATUSES = labelled(
  ['draft', 'submitted', 'confirmed', 'returned', 'accepted'],
  {
    draft: '填报中',
    submitted: '已提交待部门确认',
    confirmed: '部门已确认待财政接收',
    returned: '退回修改',
    accepted: '财政已接收',
  },
);
export type SelfEvaluationStatus = (typeof SELF_EVALUATION_STATUSES.values)[number];

/** EV-13: why a self-evaluation is in a spot check's sample. */
export const SPOT_CHECK_REASONS = labelled(
  ['special_transfer', 'excellent_low_execution', 'check_problems', 'random'],
  {
    special_transfer: '大额专项转移支付',
    excellent_low_execution: '自评为优但执行率偏低',
    check_problems: '自评表存在计算或填报问题',
    random: '分层随机抽取',
  },
);

/** IN-4 (财预〔2015〕88号): what a target reviewer marks. */
export const REVIEW_CRITERIA = labelled(['specific', 'quantified', 'feasible', 'matched'], {
  specific: '指向明确',
  quantified: '细化量化',
  feasible: '合理可行',
  matched: '相应匹配',
});
export type ReviewCriterion = (typeof REVIEW_CRITERIA.values)[number];

/** A submitted target version: awaiting review, returned, or approved. */
export const TARGET_VERSION_STATUSES = labelled(['submitted', 'returned', 'approved'], {
  submitted: '待审核',
  returned: '已退回',
  approved: '审核通过',
});
export type TargetVersionStatus = (typeof TARGET_VERSION_STATUSES.values)[number];

/** The first submission of a target, or a change during the year (绩效目标调整). */
export const TARGET_VERSION_KINDS = labelled(['initial', 'adjustment'], {
  initial: '初次报送',
  adjustment: '年中调整',
});
export type TargetVersionKind = (typeof TARGET_VERSION_KINDS.values)[number];

/** What a key evaluation (重点评价) evaluates (seed §九). */
export const EVALUATION_KINDS = labelled(['project', 'policy', 'special_transfer', 'department'], {
  project: '重点项目',
  policy: '重大政策',
  special_transfer: '专项转移支付',
  department: '部门整体',
});

/** Who carries out a key evaluation: a commissioned third party or an expert panel the bureau forms. */
export const EVALUATION_CARRIERS = labelled(['third_party', 'expert_panel'], {
  third_party: '委托第三方机构',
  expert_panel: '财政组织专家组',
});

/** Where a key evaluation stands. */
export const KEY_EVALUATION_STATUSES = labelled(['planned', 'scoring', 'reported', 'accepted', 'cancelled'], {
  planned: '已立项（组建评价组）',
  scoring: '评价打分中',
  reported: '已提交评价报告',
  accepted: '财政验收通过',
  cancelled: '已撤销',
});
export type KeyEvaluationStatus = (typeof KEY_EVALUATION_STATUSES.values)[number];

/** An expert's or institution's standing in the library (§十三 质量监督). */
export const EVALUATOR_STATUSES = labelled(['active', 'suspended', 'removed'], {
  active: '在库',
  suspended: '暂停使用',
  removed: '清退出库',
});
export type EvaluatorStatus = (typeof EVALUATOR_STATUSES.values)[number];

/** The evaluation methods of seed §十四 (EV-8). */
export const EVALUATION_METHODS = labelled(
  ['cost_benefit', 'comparison', 'factor_analysis', 'public_judgement', 'benchmarking'],
  {
    cost_benefit: '成本效益分析法',
    comparison: '比较法',
    factor_analysis: '因素分析法',
    public_judgement: '公众评判法',
    benchmarking: '标杆管理法',
  },
);
export type EvaluationMethod = (typeof EVALUATION_METHODS.values)[number];
/** Where a final evaluation result comes from (seed §七–§九). */
export const EVALUATION_RESULT_SOURCES = labelled(
  [
    'self_evaluation',
    'spot_check',
    'key_evaluation',
    'department_evaluation',
    'county_evaluation',
    'department_self_evaluation',
  ],
  {
    self_evaluation: '绩效自评（经审核）',
    department_self_evaluation: '部门整体支出绩效自评（经审核）',
    spot_check: '自评抽查复核',
    key_evaluation: '财政重点评价',
    department_evaluation: '部门整体绩效评价',
    county_evaluation: '下级政府财政运行综合绩效评价',
  },
);
export type EvaluationResultSource = (typeof EVALUATION_RESULT_SOURCES.values)[number];

/** What a result is about: an item, a department as a whole, or a county (region). */
export const RESULT_SUBJECT_KINDS = labelled(['item', 'department', 'region'], {
  item: '项目/政策',
  department: '部门整体',
  region: '下级政府',
});
export type ResultSubjectKind = (typeof RESULT_SUBJECT_KINDS.values)[number];

/** The bureau's decision on an exit candidate or overlapping pair (清理退出, seed §十六). */
export const POLICY_EXIT_DECISIONS = labelled(['keep', 'merge', 'cut', 'exit'], {
  keep: '保留',
  merge: '整合',
  cut: '压减',
  exit: '退出',
});
export type PolicyExitDecision = (typeof POLICY_EXIT_DECISIONS.values)[number];

/** EV-14: kinds of in-year budget adjustment (全年预算数 = 年初预算数 + adjustments). */
export const BUDGET_ADJUSTMENT_KINDS = labelled(['supplement', 'reduction', 'adjustment'], {
  supplement: '追加',
  reduction: '调减',
  adjustment: '调整',
});
export type BudgetAdjustmentKind = (typeof BUDGET_ADJUSTMENT_KINDS.values)[number];
