import {
  BUDGET_BOOKS,
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  ITEM_KINDS,
  LEVEL2_UNDER_LEVEL1,
  OPERATORS,
} from '@jixiao/core';
import type { ItemRule, Plugin, PluginDefinition, PortfolioRule, ReviewCheck } from './types.ts';

/** Thrown when a plugin is declared wrongly; the message names the plugin and the field. */
export class PluginDefinitionError extends Error {
  constructor(pluginId: string, problems: readonly string[]) {
    super(`插件“${pluginId}”声明有误：\n- ${problems.join('\n- ')}`);
    this.name = 'PluginDefinitionError';
  }
}

const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const isFn = (v: unknown): v is (...args: never[]) => unknown => typeof v === 'function';

function checkUniqueIds(label: string, entries: readonly { id: string }[], problems: string[]): void {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (typeof e.id !== 'string' || !ID_PATTERN.test(e.id)) {
      problems.push(
        `${label}[${i}].id 必须是 kebab-case 字符串（如 "lag-behind"），实际为 ${JSON.stringify(e.id)}`,
      );
    } else if (seen.has(e.id)) {
      problems.push(`${label}[${i}].id “${e.id}”重复`);
    }
    seen.add(e.id);
  });
}

function checkRuleMeta(label: string, e: { name?: unknown; source?: unknown }, problems: string[]): void {
  if (typeof e.name !== 'string' || e.name.trim() === '') problems.push(`${label}.name 不能为空`);
  if (typeof e.source !== 'string' || e.source.trim() === '') problems.push(`${label}.source 须注明政策依据`);
}

/**
 * Declares a fund-type plugin. Everything is checked here, at load, so a wrong declaration
 * stops start-up with a message naming the field instead of failing during a sweep.
 *
 * @example
 * export const plugin = definePlugin({
 *   id: 'special-transfer',
 *   name: '专项转移支付',
 *   budgetBook: 'general',
 *   attributes: z.object({ recipientRegionCount: z.int().min(1) }),
 * });
 */
export function definePlugin<A>(def: PluginDefinition<A>): Plugin<A> {
  const problems: string[] = [];
  const id = typeof def.id === 'string' ? def.id : String(def.id);
  if (!ID_PATTERN.test(id))
    problems.push(`id 必须是 kebab-case（如 "ppp"、"gov-fund-budget"），实际为 ${JSON.stringify(def.id)}`);
  if (typeof def.name !== 'string' || def.name.trim() === '') problems.push('name（中文名称）不能为空');
  if (!BUDGET_BOOKS.values.includes(def.budgetBook)) {
    problems.push(
      `budgetBook 必须是 ${BUDGET_BOOKS.values.join(' | ')} 之一，实际为 ${JSON.stringify(def.budgetBook)}`,
    );
  }
  const attrs = def.attributes as unknown as { safeParse?: unknown } | undefined;
  if (!attrs || !isFn(attrs.safeParse)) problems.push('attributes 必须是 zod 模式（z.object({...})）');
  for (const kind of def.itemKinds ?? []) {
    if (!ITEM_KINDS.values.includes(kind)) problems.push(`itemKinds 含未知类型 ${JSON.stringify(kind)}`);
  }

  (def.indicatorLibrary ?? []).forEach((t, i) => {
    const at = `indicatorLibrary[${i}]`;
    if (typeof t.name !== 'string' || t.name.trim() === '') problems.push(`${at}.name 不能为空`);
    if (!INDICATOR_LEVEL1.values.includes(t.level1))
      problems.push(`${at}.level1 未知：${JSON.stringify(t.level1)}`);
    else if (!LEVEL2_UNDER_LEVEL1[t.level1].includes(t.level2)) {
      problems.push(
        `${at}.level2 “${INDICATOR_LEVEL2.labels[t.level2] ?? t.level2}”不能放在“${INDICATOR_LEVEL1.labels[t.level1]}”之下`,
      );
    }
    if (!OPERATORS.values.includes(t.operator))
      problems.push(`${at}.operator 未知：${JSON.stringify(t.operator)}`);
    const tt = t.typicalTarget;
    const shapeOk =
      t.operator === 'qualitative'
        ? typeof tt === 'string'
        : t.operator === 'range'
          ? Array.isArray(tt) && tt.length === 2 && tt[0] <= tt[1]
          : typeof tt === 'number' && Number.isFinite(tt);
    if (!shapeOk) problems.push(`${at}.typicalTarget 与运算符 ${t.operator} 不匹配`);
  });

  if (def.evaluation) {
    const ev = def.evaluation;
    const total = ev.dimensions.reduce((s, d) => s + d.weight, 0);
    if (Math.abs(total - 100) > 1e-9) problems.push(`evaluation 各维度权重合计 ${total}，应为 100`);
    ev.dimensions.forEach((d, i) => {
      const lines = d.lines.reduce((s, l) => s + l.weight, 0);
      if (Math.abs(lines - d.weight) > 1e-9) {
        problems.push(
          `evaluation.dimensions[${i}]（${d.name}）指标权重合计 ${lines}，应等于维度权重 ${d.weight}`,
        );
      }
    });
  }

  const rules = def.monitoringRules ?? [];
  checkUniqueIds('monitoringRules', rules, problems);
  rules.forEach((r, i) => {
    checkRuleMeta(`monitoringRules[${i}]`, r, problems);
    if (r.scope !== 'item' && r.scope !== 'portfolio')
      problems.push(`monitoringRules[${i}].scope 必须是 item 或 portfolio`);
    if (!isFn(r.evaluate)) problems.push(`monitoringRules[${i}].evaluate 必须是函数`);
    for (const part of r.uses ?? []) {
      if (part !== 'indicators' && part !== 'paymentsByMonth') {
        problems.push(
          `monitoringRules[${i}].uses 含未知的数据项 ${JSON.stringify(part)}（可选 indicators、paymentsByMonth）`,
        );
      }
    }
  });
  const checks = def.reviewChecks ?? [];
  checkUniqueIds('reviewChecks', checks, problems);
  checks.forEach((c, i) => {
    checkRuleMeta(`reviewChecks[${i}]`, c, problems);
    if (c.appliesTo !== 'targets' && c.appliesTo !== 'ex_ante')
      problems.push(`reviewChecks[${i}].appliesTo 必须是 targets 或 ex_ante`);
    if (!isFn(c.run)) problems.push(`reviewChecks[${i}].run 必须是函数`);
  });
  const commands = def.botCommands ?? [];
  checkUniqueIds('botCommands', commands, problems);
  commands.forEach((c, i) => {
    if (
      !Array.isArray(c.patterns) ||
      c.patterns.length === 0 ||
      !c.patterns.every((p) => p instanceof RegExp)
    ) {
      problems.push(`botCommands[${i}].patterns 须为至少一个正则表达式`);
    }
    if (typeof c.help !== 'string' || c.help.trim() === '') problems.push(`botCommands[${i}].help 不能为空`);
    if (!isFn(c.answer)) problems.push(`botCommands[${i}].answer 必须是函数`);
  });
  if (def.routes !== undefined && !isFn(def.routes)) problems.push('routes 必须是函数 (app) => void');
  if (def.hooks?.beforeTransition !== undefined && !isFn(def.hooks.beforeTransition)) {
    problems.push('hooks.beforeTransition 必须是函数');
  }

  if (problems.length > 0) throw new PluginDefinitionError(id, problems);
  return Object.freeze({
    kind: 'jixiao-plugin' as const,
    id,
    name: def.name,
    budgetBook: def.budgetBook,
    description: def.description ?? '',
    itemKinds: def.itemKinds ?? ITEM_KINDS.values,
    attributes: def.attributes,
    indicatorLibrary: def.indicatorLibrary ?? [],
    evaluation: def.evaluation ?? { name: `${def.name}绩效评价`, dimensions: [] },
    monitoringRules: rules,
    reviewChecks: checks,
    botCommands: commands,
    routes: def.routes ?? null,
    hooks: def.hooks ?? {},
  });
}

/** Helpers so rule declarations infer the attributes type. */
export function itemRule<A>(rule: Omit<ItemRule<A>, 'scope'>): ItemRule<A> {
  return { ...rule, scope: 'item' };
}

export function portfolioRule<A>(rule: Omit<PortfolioRule<A>, 'scope'>): PortfolioRule<A> {
  return { ...rule, scope: 'portfolio' };
}

export function reviewCheck<A>(check: ReviewCheck<A>): ReviewCheck<A> {
  return check;
}
