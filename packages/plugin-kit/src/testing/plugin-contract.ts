import { INDICATOR_LEVEL1, type ItemSnapshot, LEVEL2_UNDER_LEVEL1 } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import type { AttributeExample, PluginExamples } from '../examples.ts';
import { createPluginRegistry } from '../registry.ts';
import type { ItemRule, Plugin, PortfolioRule, ReviewInput } from '../types.ts';
import { buildExAnte, buildReviewInput } from './build-review-input.ts';
import { buildRegionFacts, buildSnapshot } from './build-snapshot.ts';
import { itemKindFor } from './plugin-inputs.ts';
import { type InputCase, undeclaredInputProblems } from './rule-inputs-contract.ts';
import { configFor, hasChinese, type RunOptions, runCheck, runPortfolioRule, runRule } from './run.ts';

/** Options of the contract; `config` and `settings` are what it runs under (default: every documented default). */
export interface PluginContractOptions extends RunOptions {
  /** Attributes of a typical item of this fund type, as entered (defaults: `examples.clean.attributes`, else `{}`). */
  exampleAttributes?: unknown;
  /** The worked examples to check (default: the plugin's own, `definePlugin({ examples })`). */
  examples?: PluginExamples<unknown>;
  /** A plugin still being written: the minimum numbers of rules and checks are reported as skipped. */
  draft?: boolean;
}

/** One contract test: `run` throws (a vitest assertion error) when the plugin breaks it. */
export interface ContractCheck {
  name: string;
  run: () => void;
  /** Reported as skipped (draft plugins: the minimum numbers of rules and checks). */
  skip: boolean;
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MIN_MONITORING_RULES = 3;
export const MIN_REVIEW_CHECKS = 2;

interface BadValue {
  label: string;
  value: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'number') return '不是数字';
  if (typeof value === 'string') return 12_345;
  if (typeof value === 'boolean') return '是';
  if (Array.isArray(value)) return '不是数组';
  if (isPlainObject(value)) return '不是对象';
  return undefined;
}

function setAt(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const child = root[head];
  return {
    ...root,
    [head]: rest.length === 0 ? value : setAt(isPlainObject(child) ? child : {}, rest, value),
  };
}

/** Obviously wrong variants of the example: every field of the wrong type, every `...Fen` amount negative or fractional. */
function badVariants(example: unknown): BadValue[] {
  const out: BadValue[] = [
    { label: '非对象（字符串）', value: '不是对象' },
    { label: '数组', value: [] },
  ];
  if (!isPlainObject(example)) return out;
  for (const [key, value] of Object.entries(example)) {
    const wrong = wrongTypeFor(value);
    if (wrong !== undefined) out.push({ label: `字段 ${key} 类型错误`, value: { ...example, [key]: wrong } });
  }
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      if (key.endsWith('Fen') && typeof value === 'number') {
        out.push({ label: `金额 ${at.join('.')} 为负数`, value: setAt(example, at, -1) });
        out.push({ label: `金额 ${at.join('.')} 不是整数分`, value: setAt(example, at, 1.5) });
      } else if (key.endsWith('Fen') && Array.isArray(value) && value.length > 0) {
        out.push({
          label: `金额 ${at.join('.')} 含负数`,
          value: setAt(example, at, [-1, ...value.slice(1)]),
        });
      } else if (isPlainObject(value)) walk(value, at);
    }
  };
  walk(example, []);
  return out;
}

/** The contract's tests as plain functions (what `pluginContract` registers); see `pluginContract`. */
export function contractChecks<A, S>(
  plugin: Plugin<A, S>,
  options: PluginContractOptions = {},
): ContractCheck[] {
  const config = configFor(plugin.id, options);
  const run: RunOptions = { config: options.config, settings: options.settings };
  const examples = options.examples ?? plugin.examples ?? undefined;
  const exampleInput = options.exampleAttributes ?? examples?.clean.attributes ?? {};
  const schema = plugin.attributes;
  const itemRules = plugin.monitoringRules.filter((r): r is ItemRule<A, S> => r.scope === 'item');
  const portfolioRules = plugin.monitoringRules.filter(
    (r): r is PortfolioRule<A, S> => r.scope === 'portfolio',
  );

  const parseExample = (): A => {
    const parsed = schema.safeParse(exampleInput);
    if (!parsed.success) {
      throw new Error(
        `示例属性未通过 ${plugin.id} 的属性模式：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`,
      );
    }
    return parsed.data;
  };

  /** An ordinary, a sparse, a post-year-end and (when the schema allows `{}`) an empty-attributes snapshot. */
  const snapshotVariants = (): Array<[string, ItemSnapshot<A>]> => {
    const attributes = parseExample();
    const item = { fundTypeId: plugin.id, kind: itemKindFor(plugin) };
    const variants: Array<[string, ItemSnapshot<A>]> = [
      ['示例项目', buildSnapshot<A>({ attributes, item: { ...item, id: 1 } })],
      [
        '数据稀疏的项目',
        buildSnapshot<A>({
          attributes,
          item: { ...item, id: 2 },
          target: null,
          indicators: [],
          execution: { paidFen: 0 },
        }),
      ],
      [
        '年度结束后的项目',
        buildSnapshot<A>({
          attributes,
          item: { ...item, id: 3 },
          calendar: { asOf: '2027-03-31', fiscalYear: 2026 },
        }),
      ],
    ];
    const empty = schema.safeParse({});
    if (empty.success)
      variants.push([
        '未填专有属性的项目',
        buildSnapshot<A>({ attributes: empty.data, item: { ...item, id: 4 } }),
      ]);
    return variants;
  };

  const reviewVariants = (): Array<[string, ReviewInput<A>]> => {
    const attributes = parseExample();
    const item = { fundTypeId: plugin.id, kind: itemKindFor(plugin) };
    const variants: Array<[string, ReviewInput<A>]> = [
      ['示例目标', buildReviewInput<A>({ attributes, item })],
      ['尚无目标', buildReviewInput<A>({ attributes, item, target: null })],
      [
        '附事前评估',
        buildReviewInput<A>({ attributes, item: { ...item, isNewMajor: true }, exAnte: buildExAnte() }),
      ],
      [
        '目标无指标',
        buildReviewInput<A>({ attributes, item, target: { overallGoal: '完成任务', indicators: [] } }),
      ],
    ];
    const empty = schema.safeParse({});
    if (empty.success) variants.push(['未填专有属性', buildReviewInput<A>({ attributes: empty.data, item })]);
    return variants;
  };

  const exampleSnapshot = (ex: AttributeExample<unknown>, id: number): ItemSnapshot<A> => {
    const parsed = schema.safeParse(ex.attributes);
    if (!parsed.success)
      throw new Error(
        `示例“${ex.note}”的属性不合法：${parsed.error.issues.map((i) => i.message).join('；')}`,
      );
    const overrides = ex.snapshot ?? {};
    return buildSnapshot<A>({
      ...overrides,
      attributes: parsed.data,
      item: { kind: itemKindFor(plugin), ...overrides.item, id, fundTypeId: plugin.id },
    });
  };

  const findingsFor = (ruleId: string, ex: AttributeExample<unknown>): number => {
    const snap = exampleSnapshot(ex, 1);
    const rule = plugin.monitoringRules.find((r) => r.id === ruleId);
    if (!rule) throw new Error(`examples.fires 中的“${ruleId}”不是本插件的监控规则`);
    if (rule.scope === 'item') return runRule(rule, snap, run).length;
    return runPortfolioRule(rule, [snap], buildRegionFacts(ex.region), run).length;
  };

  const checks: ContractCheck[] = [];
  const add = (name: string, run: () => void, skip = false) => checks.push({ name, run, skip });
  add('声明有效，插件注册表接受它', () => {
    const registry = createPluginRegistry([plugin]);
    expect(registry.get(plugin.id)).toBe(plugin);
    expect(plugin.kind).toBe('jixiao-plugin');
  });

  add('id 为 kebab-case，名称为中文', () => {
    expect(plugin.id).toMatch(KEBAB);
    expect(hasChinese(plugin.name), `名称须为中文：${plugin.name}`).toBe(true);
  });

  add('属性模式接受示例属性（注册表也接受）', () => {
    expect(() => parseExample()).not.toThrow();
    expect(() => createPluginRegistry([plugin]).parseAttributes(plugin.id, exampleInput)).not.toThrow();
  });

  add('属性模式拒绝明显错误的值，错误信息为中文', () => {
    for (const bad of badVariants(exampleInput)) {
      const result = schema.safeParse(bad.value);
      expect(result.success, `应拒绝：${bad.label}`).toBe(false);
      if (!result.success) {
        const message = result.error.issues[0]?.message ?? '';
        expect(hasChinese(message), `错误信息须为中文（${bad.label}）：${message}`).toBe(true);
      }
    }
  });

  add('指标库非空，每个指标的一级/二级归类有效', () => {
    expect(plugin.indicatorLibrary.length).toBeGreaterThan(0);
    for (const t of plugin.indicatorLibrary) {
      expect(hasChinese(t.name), `指标名称须为中文：${t.name}`).toBe(true);
      expect(INDICATOR_LEVEL1.values).toContain(t.level1);
      expect(
        LEVEL2_UNDER_LEVEL1[t.level1],
        `“${t.name}”的二级归类 ${t.level2} 不在 ${t.level1} 之下`,
      ).toContain(t.level2);
    }
  });

  add('评价模板权重合计100，各维度指标权重相符，产出+效益不低于配置比例', () => {
    const dims = plugin.evaluation.dimensions;
    expect(dims.length).toBeGreaterThan(0);
    const total = dims.reduce((s, d) => s + d.weight, 0);
    expect(total).toBeCloseTo(100, 9);
    for (const d of dims) {
      expect(hasChinese(d.name)).toBe(true);
      expect(
        d.lines.reduce((s, l) => s + l.weight, 0),
        `维度“${d.name}”`,
      ).toBeCloseTo(d.weight, 9);
      for (const line of d.lines) {
        expect(hasChinese(line.name)).toBe(true);
        expect(hasChinese(line.scoring), `“${line.name}”须有中文评分规则`).toBe(true);
      }
    }
    const outputPlusBenefit = dims
      .filter((d) => d.name.includes('产出') || d.name.includes('效益'))
      .reduce((s, d) => s + d.weight, 0);
    expect(outputPlusBenefit).toBeGreaterThanOrEqual(config.minOutputPlusBenefitShare);
  });

  add('每条规则、每项检查有中文名称和政策依据', () => {
    for (const r of [...plugin.monitoringRules, ...plugin.reviewChecks]) {
      expect(hasChinese(r.name), `${r.id} 的名称须为中文`).toBe(true);
      expect(r.source.trim().length, `${r.id} 须注明政策依据`).toBeGreaterThan(0);
    }
    for (const c of plugin.botCommands) expect(hasChinese(c.help), `${c.id} 的帮助须为中文`).toBe(true);
  });

  add('每条项目规则在常见快照上不抛错，返回合规的发现', () => {
    for (const rule of itemRules) {
      for (const [label, snap] of snapshotVariants()) {
        expect(() => runRule(rule, snap, run), `${rule.id} @ ${label}`).not.toThrow();
      }
    }
  });

  add('每条组合规则在有、无地区财力数据时不抛错，返回合规的发现', () => {
    const snaps = snapshotVariants().map(([, s]) => s);
    const regions = [
      buildRegionFacts(),
      null,
      buildRegionFacts({
        generalBudgetRevenueFen: null,
        generalBudgetExpenditureFen: null,
        comprehensiveFinancialResourcesFen: null,
        debtBalanceFen: null,
        gdpGrowthBp: null,
        revenueGrowthTargetBp: null,
      }),
    ];
    for (const rule of portfolioRules) {
      for (const region of regions) {
        expect(() => runPortfolioRule(rule, snaps, region, run), rule.id).not.toThrow();
      }
      expect(runPortfolioRule(rule, [], buildRegionFacts(), run)).toEqual([]);
    }
  });

  add('每项审核检查返回合规结果，未通过时给出中文原因', () => {
    for (const check of plugin.reviewChecks) {
      for (const [label, input] of reviewVariants()) {
        expect(() => runCheck(check, input, run), `${check.id} @ ${label}`).not.toThrow();
      }
    }
  });

  const counts = `至少 ${MIN_MONITORING_RULES} 条监控规则、${MIN_REVIEW_CHECKS} 项审核检查`;
  add(
    options.draft ? `${counts}（草稿插件，启用前须补齐）` : counts,
    () => {
      expect(plugin.monitoringRules.length).toBeGreaterThanOrEqual(MIN_MONITORING_RULES);
      expect(plugin.reviewChecks.length).toBeGreaterThanOrEqual(MIN_REVIEW_CHECKS);
    },
    options.draft === true,
  );

  if (examples) {
    add('干净示例不触发任何规则', () => {
      const snap = exampleSnapshot(examples.clean, 1);
      for (const rule of itemRules) expect(runRule(rule, snap, run), rule.id).toEqual([]);
      for (const rule of portfolioRules) {
        expect(runPortfolioRule(rule, [snap], buildRegionFacts(examples.clean.region), run), rule.id).toEqual(
          [],
        );
      }
    });

    add('每条监控规则在 inputs 中声明了它读取的全部数据（改变未声明的数据，结果不变）', () => {
      const fires = Object.values(examples.fires);
      const exampleCases: InputCase<A>[] = [examples.clean, ...fires].map((ex, i) => ({
        label: ex.note,
        snapshots: [exampleSnapshot(ex, i + 1)],
        region: buildRegionFacts(ex.region),
      }));
      const cases: InputCase<A>[] = [
        ...exampleCases,
        ...snapshotVariants().map(([label, snap]) => ({
          label,
          snapshots: [snap],
          region: buildRegionFacts(),
        })),
        ...exampleCases.map((c) => ({
          label: `${c.label}（与其他示例同组）`,
          snapshots: exampleCases.flatMap((x) => x.snapshots),
          region: c.region,
        })),
      ];
      const problems = undeclaredInputProblems(plugin, cases, run);
      expect(problems, problems.join('\n')).toEqual([]);
    });

    add('每条监控规则都有触发示例，且示例确实触发该规则', () => {
      for (const rule of plugin.monitoringRules) {
        const ex = examples.fires[rule.id];
        expect(ex, `examples.fires 缺少规则“${rule.id}”的示例`).toBeDefined();
        if (ex) expect(findingsFor(rule.id, ex), `${rule.id}：${ex.note}`).toBeGreaterThan(0);
      }
      for (const id of Object.keys(examples.fires)) {
        expect(plugin.monitoringRules.map((r) => r.id)).toContain(id);
      }
    });
  }
  return checks;
}

/**
 * Registers the tests every plugin must pass (vitest `describe`/`it`): a valid declaration the
 * registry accepts, a kebab-case id and a Chinese name, an attributes schema that accepts the
 * example and rejects obviously wrong values, well-placed indicator templates, an evaluation
 * template adding up to 100 with 产出 + 效益 at least the configured share, rules and checks that
 * return well-formed results on ordinary and sparse inputs, and at least three monitoring rules
 * and two review checks. With `examples`, also that the clean example stays quiet and each firing
 * example fires its rule.
 *
 * @example
 * import { pluginContract } from '@jixiao/plugin-kit/testing';
 * import { examples, plugin } from '../src/index.ts';
 *
 * pluginContract(plugin, { examples });
 */
export function pluginContract<A, S>(plugin: Plugin<A, S>, options: PluginContractOptions = {}): void {
  describe(`插件契约：${plugin.name}（${plugin.id}）`, () => {
    for (const check of contractChecks(plugin, options)) (check.skip ? it.skip : it)(check.name, check.run);
  });
}
