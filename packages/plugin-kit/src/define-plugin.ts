import {
  BUDGET_BOOKS,
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  INDICATOR_STANDARDS,
  ITEM_KINDS,
  LEVEL2_UNDER_LEVEL1,
  OPERATORS,
  RULE_INPUTS,
  unknownRuleInputs,
} from '@jixiao/core';
import { z } from 'zod';
import { builtInPhrasesMatching } from './built-in-phrases.ts';
import type { PluginExamples } from './examples.ts';
import type {
  BotCommand,
  ItemRule,
  Plugin,
  PluginDefinition,
  PluginSettings,
  PortfolioRule,
  ReviewCheck,
} from './types.ts';

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

const NO_SETTINGS: PluginSettings<Record<string, never>> = { schema: z.strictObject({}), sources: {} };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the settings declaration; returns the defaults (undefined when it is wrong). */
function checkSettings(settings: PluginSettings<unknown>, problems: string[]): unknown {
  const schema = settings.schema as unknown as { safeParse?: unknown } | undefined;
  if (!schema || !isFn(schema.safeParse)) {
    problems.push('settings.schema 必须是 zod 模式（z.object({...})）');
    return undefined;
  }
  const parsed = settings.schema.safeParse({});
  if (!parsed.success || !isPlainObject(parsed.data)) {
    problems.push('settings.schema 须为对象模式，且每项设置都有默认值（不做任何配置时插件也能运行）');
    return undefined;
  }
  const sources = isPlainObject(settings.sources) ? settings.sources : {};
  for (const key of Object.keys(parsed.data)) {
    const source = sources[key];
    if (typeof source !== 'string' || source.trim() === '')
      problems.push(`settings.sources.${key} 须注明该设置默认值的政策依据`);
  }
  for (const key of Object.keys(sources)) {
    if (!Object.hasOwn(parsed.data, key))
      problems.push(`settings.sources.${key} 不是 settings.schema 中的设置`);
  }
  return parsed.data;
}

function checkCommand(c: BotCommand<unknown>, i: number, problems: string[]): void {
  if (
    !Array.isArray(c.patterns) ||
    c.patterns.length === 0 ||
    !c.patterns.every((p) => p instanceof RegExp)
  ) {
    problems.push(`botCommands[${i}].patterns 须为至少一个正则表达式`);
  } else {
    c.patterns.forEach((pattern, j) => {
      const taken = builtInPhrasesMatching(pattern);
      if (taken.length > 0) {
        problems.push(
          `botCommands[${i}].patterns[${j}] ${String(pattern)} 与机器人内置命令“${taken.slice(0, 3).join('”“')}”冲突（插件命令优先匹配，内置命令将无法使用），请收窄正则`,
        );
      }
    });
  }
  if (typeof c.help !== 'string' || c.help.trim() === '') problems.push(`botCommands[${i}].help 不能为空`);
  if (!isFn(c.answer)) problems.push(`botCommands[${i}].answer 必须是函数`);
}

/** The examples name this plugin's rules, and their attributes are ones its schema accepts. */
function checkExamples(
  examples: PluginExamples<unknown>,
  attributes: { safeParse?: unknown } | undefined,
  ruleIds: ReadonlySet<string>,
  problems: string[],
): void {
  const all: Array<[string, unknown]> = [
    ['examples.clean', examples.clean],
    ...Object.entries(examples.fires ?? {}).map(([id, ex]): [string, unknown] => [
      `examples.fires.${id}`,
      ex,
    ]),
  ];
  for (const id of Object.keys(examples.fires ?? {})) {
    if (!ruleIds.has(id)) problems.push(`examples.fires.${id} 不是本插件的监控规则`);
  }
  for (const [at, ex] of all) {
    if (!isPlainObject(ex) || !('attributes' in ex)) {
      problems.push(`${at} 须给出示例项目的专有属性（attributes）`);
      continue;
    }
    if (!attributes || !isFn(attributes.safeParse)) continue;
    const parsed = (attributes as unknown as z.ZodType).safeParse(ex.attributes);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(
        `${at}.attributes 不符合 attributes 模式：${issue?.path.join('.') || '(根)'} ${issue?.message ?? ''}`,
      );
    }
  }
}

/** Which plugin declared a rule, check or command (the test harness resolves its settings with it). */
const DECLARED_BY = new WeakMap<object, Plugin>();

/** The plugin whose `definePlugin` declared this rule, review check or bot command, if any. */
export function pluginDeclaring(part: object): Plugin | undefined {
  return DECLARED_BY.get(part);
}

/**
 * Declares a fund-type plugin. Everything is checked here, at load, so a wrong declaration
 * stops start-up with a message naming the field instead of failing during a sweep.
 *
 * @example
 * export const plugin = definePlugin<SpecialTransferAttributes, SpecialTransferSettings>({
 *   id: 'special-transfer',
 *   name: '专项转移支付',
 *   budgetBook: 'general',
 *   attributes: z.object({ recipientRegionCount: z.int().min(1) }),
 *   settings: { schema: specialTransferSettingsSchema, sources: SETTINGS_SOURCES },
 *   examples,
 * });
 */
export function definePlugin<A, S = Record<string, never>>(def: PluginDefinition<A, S>): Plugin<A, S> {
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
  if (def.itemKinds !== undefined && def.itemKinds.length === 0)
    problems.push('itemKinds 不能为空数组（省略即适用于全部项目类型）');
  for (const kind of def.itemKinds ?? []) {
    if (!ITEM_KINDS.values.includes(kind)) problems.push(`itemKinds 含未知类型 ${JSON.stringify(kind)}`);
  }
  const settings = (def.settings ?? NO_SETTINGS) as PluginSettings<S>;
  const defaults = checkSettings(settings as PluginSettings<unknown>, problems) as S;

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
    if (t.standard !== undefined && !INDICATOR_STANDARDS.values.includes(t.standard)) {
      problems.push(`${at}.standard 未知：${JSON.stringify(t.standard)}`);
    }
  });

  const exAnte = def.exAnteDimensions ?? [];
  checkUniqueIds('exAnteDimensions', exAnte, problems);
  exAnte.forEach((d, i) => {
    checkRuleMeta(`exAnteDimensions[${i}]`, d, problems);
    if (typeof d.guidance !== 'string' || d.guidance.trim() === '') {
      problems.push(`exAnteDimensions[${i}].guidance 须写明评估要点`);
    }
    if (d.appliesTo !== undefined && !isFn(d.appliesTo))
      problems.push(`exAnteDimensions[${i}].appliesTo 必须是函数`);
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
    if (!Array.isArray(r.inputs) || r.inputs.length === 0) {
      problems.push(
        `monitoringRules[${i}].inputs 须列出规则读取的数据（${RULE_INPUTS.join('、')}），以便数据变化时重新判断`,
      );
    } else {
      const unknown = unknownRuleInputs(r.inputs);
      if (unknown.length > 0)
        problems.push(
          `monitoringRules[${i}].inputs 含未知的数据项 ${unknown.map((u) => JSON.stringify(u)).join('、')}（可选 ${RULE_INPUTS.join('、')}）`,
        );
      if (r.uses?.includes('indicators') && !r.inputs.includes('indicators'))
        problems.push(`monitoringRules[${i}] 在 uses 中读取 indicators，inputs 须包含 indicators`);
      if (r.uses?.includes('paymentsByMonth') && !r.inputs.includes('payments'))
        problems.push(`monitoringRules[${i}] 在 uses 中读取 paymentsByMonth，inputs 须包含 payments`);
    }
    problems.push(...dateChangeProblems(`monitoringRules[${i}]`, r));
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
    checkCommand(c as BotCommand<unknown>, i, problems);
  });
  const examples = def.examples ?? null;
  if (examples) checkExamples(examples, def.attributes, new Set(rules.map((r) => r.id)), problems);
  if (def.routes !== undefined && !isFn(def.routes)) problems.push('routes 必须是函数 (app) => void');
  if (def.hooks?.beforeTransition !== undefined && !isFn(def.hooks.beforeTransition)) {
    problems.push('hooks.beforeTransition 必须是函数');
  }

  if (problems.length > 0) throw new PluginDefinitionError(id, problems);
  const plugin: Plugin<A, S> = Object.freeze({
    kind: 'jixiao-plugin' as const,
    id,
    name: def.name,
    budgetBook: def.budgetBook,
    description: def.description ?? '',
    itemKinds: def.itemKinds ?? ITEM_KINDS.values,
    attributes: def.attributes,
    settings: Object.freeze({ schema: settings.schema, sources: settings.sources, defaults }),
    examples,
    indicatorLibrary: def.indicatorLibrary ?? [],
    exAnteDimensions: exAnte,
    evaluation: def.evaluation ?? { name: `${def.name}绩效评价`, dimensions: [] },
    monitoringRules: rules,
    reviewChecks: checks,
    botCommands: commands,
    ...(def.routes ? { routes: def.routes } : {}),
    hooks: def.hooks ?? {},
  });
  for (const part of [...rules, ...checks, ...commands]) DECLARED_BY.set(part, plugin as unknown as Plugin);
  return plugin;
}

/** Helpers so rule declarations infer the attributes (`A`) and settings (`S`) types. */
export function itemRule<A, S = unknown>(rule: Omit<ItemRule<A, S>, 'scope'>): ItemRule<A, S> {
  return { ...rule, scope: 'item' };
}

export function portfolioRule<A, S = unknown>(rule: Omit<PortfolioRule<A, S>, 'scope'>): PortfolioRule<A, S> {
  return { ...rule, scope: 'portfolio' };
}

export function reviewCheck<A, S = unknown>(check: ReviewCheck<A, S>): ReviewCheck<A, S> {
  return check;
}

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `dateChanges` only on a rule that reads the date, each a known kind naming attributes by key. */
function dateChangeProblems(where: string, r: { inputs?: unknown; dateChanges?: unknown }): string[] {
  if (r.dateChanges === undefined) return [];
  if (!Array.isArray(r.dateChanges)) return [`${where}.dateChanges 必须是数组`];
  const problems: string[] = [];
  if (!Array.isArray(r.inputs) || !r.inputs.includes('date'))
    problems.push(`${where}.dateChanges 只用于读取日期的规则（inputs 须包含 date）`);
  r.dateChanges.forEach((c: unknown, k: number) => {
    if (c === 'fiscalYear' || c === 'fiscalYearEnd') return;
    const o = c as { after?: unknown; unless?: unknown } | null;
    const ok =
      typeof o === 'object' &&
      o !== null &&
      typeof o.after === 'string' &&
      ATTRIBUTE_NAME.test(o.after) &&
      (o.unless === undefined || (typeof o.unless === 'string' && ATTRIBUTE_NAME.test(o.unless)));
    if (!ok)
      problems.push(
        `${where}.dateChanges[${k}] 须为 'fiscalYear'、'fiscalYearEnd' 或 { after: 属性名, unless?: 属性名 }`,
      );
  });
  return problems;
}
