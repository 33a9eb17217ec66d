/**
 * What a monitoring rule reads. Every rule — core or plugin — declares its inputs, so the
 * platform knows when its answer can have changed: a write to an item's payments, reports,
 * attributes, target or state re-judges that item with the rules that read it, and the nightly
 * sweep re-runs over every item only the rules that read the date.
 *
 * - `payments`: the item's execution (paid, count, last payment, by month);
 * - `indicators`: the target's indicators with their latest reports;
 * - `target`: the target's overall goal and whether it is approved;
 * - `attributes`: the item's own fields (amount, years, flags, responsible person, current fiscal
 *   year) and its fund type's attributes;
 * - `state`: the item's lifecycle state;
 * - `date`: the day of the check (`calendar.asOf`, `month`, `timeProgressBp`).
 */
export const RULE_INPUTS = ['payments', 'indicators', 'target', 'attributes', 'state', 'date'] as const;
export type RuleInput = (typeof RULE_INPUTS)[number];

/** Chinese names of the inputs, for messages to plugin authors. */
export const RULE_INPUT_LABELS: Readonly<Record<RuleInput, string>> = {
  payments: '支付（执行）',
  indicators: '绩效指标及填报',
  target: '绩效目标',
  attributes: '项目属性',
  state: '项目状态',
  date: '日期',
};

/** The core rules (MO-6, the target-progress rules, self-evaluation coverage) and what each reads. */
export const CORE_RULE_INPUTS = {
  'core:execution-lag': ['payments', 'attributes', 'state', 'date'],
  'core:no-payment': ['payments', 'attributes', 'state', 'date'],
  'core:target-at-risk': ['indicators', 'target', 'attributes', 'state'],
  'core:report-overdue': ['indicators', 'target', 'attributes', 'state', 'date'],
  // Reads the department's self-evaluations too, which mark no item: it reads the date, so the
  // nightly sweep re-runs it over every item.
  'core:self-evaluation-coverage': ['attributes', 'state', 'date'],
} as const satisfies Readonly<Record<string, readonly RuleInput[]>>;

/** Whether a rule's answer can change with the date alone (the nightly sweep re-runs these everywhere). */
export function readsDate(inputs: readonly RuleInput[]): boolean {
  return inputs.includes('date');
}

/** Inputs a list declares that are not rule inputs (for validating plugin declarations). */
export function unknownRuleInputs(inputs: readonly unknown[]): unknown[] {
  return inputs.filter((i) => !(RULE_INPUTS as readonly unknown[]).includes(i));
}
