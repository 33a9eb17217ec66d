import { defaultPolicyConfig, InputError, resolvePolicyConfig } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type BotCommand,
  BUILT_IN_PHRASES,
  createPluginRegistry,
  definePlugin,
  itemRule,
  PluginDefinitionError,
  PluginRegistryError,
  portfolioRule,
} from '../src/index.ts';
import {
  buildPluginSnapshot,
  buildSnapshot,
  contractChecks,
  runPortfolioRule,
  runRule,
} from '../src/testing/index.ts';
import { sampleDefinition, sampleExamples, samplePlugin, shareRule } from './sample-plugin.ts';

const problemsOf = (build: () => unknown): string => {
  try {
    build();
  } catch (err) {
    if (err instanceof PluginDefinitionError || err instanceof PluginRegistryError) return err.message;
    throw err;
  }
  throw new Error('expected the declaration to be refused');
};

describe('plugin settings', () => {
  it('are the schema’s defaults when nothing is configured', () => {
    expect(samplePlugin.settings.defaults).toEqual({ minShare: 0.3 });
    expect(createPluginRegistry([samplePlugin]).settings('sample-fund')).toEqual({ minShare: 0.3 });
  });

  it('take the overrides under plugins.<id>, validated by the plugin’s schema', () => {
    const registry = createPluginRegistry([samplePlugin], { settings: { 'sample-fund': { minShare: 0.4 } } });
    expect(registry.settings('sample-fund')).toEqual({ minShare: 0.4 });
    expect(registry.ruleContext('sample-fund', defaultPolicyConfig).settings).toEqual({ minShare: 0.4 });
  });

  it('refuse an unknown plugin id, a bad value and an unknown key, naming the path', () => {
    expect(problemsOf(() => createPluginRegistry([samplePlugin], { settings: { ppp: {} } }))).toContain(
      'plugins.ppp：没有已启用的插件“ppp”',
    );
    expect(
      problemsOf(() =>
        createPluginRegistry([samplePlugin], { settings: { 'sample-fund': { minShare: 2 } } }),
      ),
    ).toContain('plugins.sample-fund.minShare');
    expect(
      problemsOf(() =>
        createPluginRegistry([samplePlugin], { settings: { 'sample-fund': { minShre: 0.2 } } }),
      ),
    ).toContain('plugins.sample-fund.minShre：不是示例资金的设置');
    expect(problemsOf(() => createPluginRegistry([samplePlugin], { settings: [] }))).toContain(
      'plugins 须为对象',
    );
  });

  it('must each have a default and a policy source', () => {
    const bare = {
      id: 'bare-fund',
      name: '裸资金',
      budgetBook: 'general' as const,
      attributes: z.object({}),
    };
    const noDefault = z.object({ limit: z.number() });
    expect(
      problemsOf(() =>
        definePlugin({ ...bare, settings: { schema: noDefault, sources: { limit: '测试' } } }),
      ),
    ).toContain('每项设置都有默认值');
    const unsourced = z.object({ limit: z.number().default(1), other: z.number().default(2) });
    const message = problemsOf(() =>
      definePlugin({ ...bare, settings: { schema: unsourced, sources: { limit: '测试', gone: 'x' } } }),
    );
    expect(message).toContain('settings.sources.other 须注明');
    expect(message).toContain('settings.sources.gone 不是 settings.schema 中的设置');
  });

  it('reach rules in the harness as they would in the platform', () => {
    const s = buildPluginSnapshot(samplePlugin, { share: 0.35 });
    expect(runRule(shareRule, s)).toEqual([]);
    expect(runRule(shareRule, s, { settings: { minShare: 0.4 } })).toHaveLength(1);
    expect(() => runRule(shareRule, s, { settings: { minShare: 'x' } })).toThrow(
      /plugins\.sample-fund\.minShare/,
    );
  });

  it('cannot be read by a rule no plugin declared without saying so', () => {
    const stray = itemRule<Record<string, never>, { limit: number }>({
      id: 'stray',
      name: '未声明的规则',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (_s, { settings }) =>
        settings.limit > 0 ? [{ severity: 'yellow', suggestedAction: 'remind', message: '超限' }] : [],
    });
    expect(() => runRule(stray, buildSnapshot())).toThrow(/不属于任何 definePlugin 声明的插件/);
    expect(runRule(stray, buildSnapshot(), { settings: { limit: 1 } })).toHaveLength(1);
  });
});

describe('per-fund-type core thresholds', () => {
  const config = resolvePolicyConfig({
    fundTypes: { 'sample-fund': { monitoring: { lagYellowPoints: 12, reportOverdueDays: 120 } } },
  });

  it('reach the fund type’s rules merged into monitoring, and no other fund type', () => {
    const registry = createPluginRegistry([samplePlugin], { config });
    const { config: own } = registry.ruleContext('sample-fund', config);
    expect(own.monitoring).toMatchObject({
      lagYellowPoints: 12,
      lagOrangePoints: 15,
      reportOverdueDays: 120,
    });
    expect(config.monitoring.lagYellowPoints).toBe(10);
  });

  it('must name a loaded plugin', () => {
    const stranger = resolvePolicyConfig({ fundTypes: { ppp: { monitoring: { lagRedPoints: 25 } } } });
    expect(problemsOf(() => createPluginRegistry([samplePlugin], { config: stranger }))).toContain(
      'fundTypes.ppp：没有已启用的资金类型“ppp”',
    );
  });
});

describe('guards a plugin author needs', () => {
  it('two findings of one rule on one item with the same key are a rule error', () => {
    const twice = itemRule({
      id: 'twice',
      name: '重复报告',
      source: '测试',
      inputs: ['attributes'],
      evaluate: () => [
        { key: 'a', severity: 'yellow', suggestedAction: 'remind', message: '问题一' },
        { key: 'a', severity: 'red', suggestedAction: 'remind', message: '问题二' },
      ],
    });
    expect(() => runRule(twice, buildSnapshot())).toThrow(/相同的 key（“a”）/);
    const perItem = portfolioRule({
      id: 'per-item',
      name: '逐项报告',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (snaps) =>
        snaps.map((s) => ({
          itemId: s.item.id,
          severity: 'yellow',
          suggestedAction: 'remind',
          message: '问题',
        })),
    });
    const two = [buildSnapshot(), buildSnapshot({ item: { id: 2 } })];
    expect(runPortfolioRule(perItem, two, null)).toHaveLength(2);
    const doubled = portfolioRule({
      ...perItem,
      evaluate: (snaps) =>
        [...perItem.evaluate(snaps, null, { config: defaultPolicyConfig, settings: {} })].flatMap((f) => [
          f,
          { ...f },
        ]),
    });
    expect(() => runPortfolioRule(doubled, two, null)).toThrow(/相同的 key（“默认”）/);
  });

  it('a command pattern that would take a built-in phrase is refused at load', () => {
    const greedy: BotCommand = {
      id: 'greedy',
      help: '预警：本资金类型的预警',
      patterns: [/^项目数$/, /预警/],
      answer: async () => ({ title: '预警', markdown: '' }),
    };
    const message = problemsOf(() => definePlugin({ ...sampleDefinition, botCommands: [greedy] }));
    expect(message).toContain('botCommands[0].patterns[1] /预警/');
    expect(message).toContain('我的预警');
    expect(BUILT_IN_PHRASES).toEqual(expect.arrayContaining(['我的预警', '帮助', '滞后项目']));
    const everything: BotCommand = { ...greedy, patterns: [/.*/] };
    expect(problemsOf(() => definePlugin({ ...sampleDefinition, botCommands: [everything] }))).toContain(
      '帮助',
    );
  });

  it('attribute keys the schema does not declare are refused, naming the key', () => {
    const nested = definePlugin({
      id: 'nested-fund',
      name: '嵌套资金',
      budgetBook: 'general',
      attributes: z.object({
        plan: z.object({ years: z.int() }).optional(),
        list: z.array(z.object({ a: z.int() })),
      }),
    });
    const registry = createPluginRegistry([samplePlugin, nested]);
    expect(registry.parseAttributes('sample-fund', { share: 0.5 })).toEqual({ share: 0.5 });
    const refused = (fundTypeId: string, attributes: unknown): InputError => {
      try {
        registry.parseAttributes(fundTypeId, attributes);
      } catch (err) {
        if (err instanceof InputError) return err;
        throw err;
      }
      throw new Error('expected an InputError');
    };
    const top = refused('sample-fund', { share: 0.5, shares: 0.2 });
    expect(top.message).toBe('字段 attributes.shares：不是示例资金的专有属性');
    const deep = refused('nested-fund', { plan: { years: 3, months: 2 }, list: [{ a: 1, b: 2 }] });
    expect((deep.details.issues as Array<{ path: string }>).map((i) => i.path)).toEqual([
      'attributes.plan.months',
      'attributes.list.0.b',
    ]);
  });

  it('itemKinds may not be empty', () => {
    expect(problemsOf(() => definePlugin({ ...sampleDefinition, itemKinds: [] }))).toContain(
      'itemKinds 不能为空数组',
    );
  });

  it('examples are declared with the plugin, name its rules, and the contract checks them by default', () => {
    expect(
      problemsOf(() =>
        definePlugin({
          ...sampleDefinition,
          examples: {
            ...sampleExamples,
            fires: { ...sampleExamples.fires, 'no-such-rule': sampleExamples.clean },
          },
        }),
      ),
    ).toContain('examples.fires.no-such-rule 不是本插件的监控规则');
    const wrongAttributes = { ...sampleExamples, clean: { note: '比例写错', attributes: { share: 2 } } };
    expect(problemsOf(() => definePlugin({ ...sampleDefinition, examples: wrongAttributes }))).toContain(
      'examples.clean.attributes 不符合 attributes 模式：share',
    );
    const withExamples = definePlugin({ ...sampleDefinition, examples: sampleExamples });
    expect(withExamples.examples).toBe(sampleExamples);
    const names = contractChecks(withExamples).map((c) => c.name);
    expect(names).toContain('每条监控规则都有触发示例，且示例确实触发该规则');
    for (const check of contractChecks(withExamples)) expect(check.run, check.name).not.toThrow();
  });
});
