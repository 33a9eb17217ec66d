import type { PluginRegistry } from '@jixiao/plugin-kit';

const CORE_RULES: Readonly<Record<string, string>> = {
  'core:execution-lag': '支出进度滞后于序时进度',
  'core:no-payment': '长期无支付',
  'core:self-evaluation-coverage': '自评覆盖率不足',
  'core:target-at-risk': '绩效目标预计完不成',
  'core:report-overdue': '指标完成情况逾期未填报',
};

/** The Chinese name of a monitoring rule (`core:…` or `<plugin>:<rule>`). */
export function ruleLabel(registry: PluginRegistry, ruleId: string): string {
  const core = CORE_RULES[ruleId];
  if (core) return core;
  const at = ruleId.indexOf(':');
  const plugin = at > 0 ? registry.get(ruleId.slice(0, at)) : undefined;
  const rule = plugin?.monitoringRules.find((r) => r.id === ruleId.slice(at + 1));
  return rule ? `${rule.name}（${plugin?.name ?? ''}）` : ruleId;
}

export function fundTypeLabel(registry: PluginRegistry, fundTypeId: string): string {
  return registry.get(fundTypeId)?.name ?? fundTypeId;
}

export const NOTICE_VIA_LABELS: Readonly<Record<string, string>> = {
  button: '点按钮',
  reply: '回复',
  api: '系统',
};
