import { defaultPolicyConfig, type ItemSnapshot, indicatorTreeProblems } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type BotCommand,
  definePlugin,
  type ItemRule,
  itemRule,
  type Plugin,
  reviewCheck,
} from '../src/index.ts';
import {
  buildIndicator,
  buildPluginReviewInput,
  buildPluginSnapshot,
  buildRegionFacts,
  buildReviewInput,
  buildScopedReader,
  buildSnapshot,
  contractChecks,
  DEFAULT_APPROVED_FEN,
  deepMerge,
  type PluginContractOptions,
  pluginContract,
  requestPluginRoute,
  runBotCommand,
  runCheck,
  runPortfolioRule,
  runRule,
} from '../src/testing/index.ts';
import {
  type SampleAttributes,
  sampleDefinition,
  sampleExamples,
  samplePlugin,
  shareRule,
  totalRule,
} from './sample-plugin.ts';

// The contract itself, registered the way a plugin's test file does.
pluginContract(samplePlugin, { examples: sampleExamples });

describe('buildSnapshot', () => {
  it('defaults to an executing 2026 item on 2026-08-31, paid on schedule through July', () => {
    const s = buildSnapshot();
    expect(s.item).toMatchObject({
      state: 'executing',
      fiscalYearStart: 2026,
      approvedAmountFen: DEFAULT_APPROVED_FEN,
    });
    expect(s.calendar).toEqual({ asOf: '2026-08-31', fiscalYear: 2026, month: 8, timeProgressBp: 5833 });
    expect(s.execution.paidFen).toBe(58_330_000);
    expect(s.execution.paidByMonth.reduce((a, b) => a + b, 0)).toBe(s.execution.paidFen);
    expect(s.execution.paidByMonth.slice(7)).toEqual([0, 0, 0, 0, 0]);
    expect(s.execution).toMatchObject({ paymentCount: 7, lastPaidOn: '2026-07-31', executionRateBp: 5833 });
    expect(s.target?.approved).toBe(true);
  });

  it('has an output + benefit + satisfaction indicator set that satisfies the default weights', () => {
    const { indicators } = buildSnapshot();
    expect(new Set(indicators.map((i) => i.level1))).toEqual(new Set(['output', 'benefit', 'satisfaction']));
    expect(indicatorTreeProblems(indicators, defaultPolicyConfig)).toEqual([]);
  });

  it('keeps execution consistent with the overridden approved amount or payments', () => {
    const bigger = buildSnapshot({ item: { approvedAmountFen: 200_000_000 } });
    expect(bigger.execution.executionRateBp).toBe(5833);
    const paid = buildSnapshot({ execution: { paidFen: 10_000_000 } });
    expect(paid.execution).toMatchObject({ executionRateBp: 1000, paymentCount: 7 });
    expect(paid.execution.paidByMonth.reduce((a, b) => a + b, 0)).toBe(10_000_000);
    const byMonth = buildSnapshot({
      execution: { paidByMonth: [0, 0, 5_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    });
    expect(byMonth.execution).toMatchObject({
      paidFen: 5_000_000,
      paymentCount: 1,
      lastPaidOn: '2026-03-31',
      executionRateBp: 500,
    });
    const none = buildSnapshot({ execution: { paidFen: 0 } });
    expect(none.execution).toMatchObject({ paymentCount: 0, lastPaidOn: null, executionRateBp: 0 });
  });

  it('merges item and calendar overrides and replaces attributes, indicators and target', () => {
    const s = buildSnapshot<{ x: number }>({
      item: { name: '改造项目', fiscalYearStart: 2025 },
      attributes: { x: 1 },
      indicators: [buildIndicator({ name: '改造户数', latest: null })],
      target: null,
      calendar: { asOf: '2026-02-15' },
    });
    expect(s.item).toMatchObject({
      name: '改造项目',
      fiscalYearStart: 2025,
      fiscalYearEnd: 2025,
      code: 'XM-2025-0001',
      kind: 'project',
    });
    expect(s.calendar).toMatchObject({ fiscalYear: 2025, month: 12, timeProgressBp: 10_000 });
    expect(s.attributes).toEqual({ x: 1 });
    expect(s.indicators).toHaveLength(1);
    expect(s.target).toBeNull();
  });

  it('deepMerge replaces arrays and null, keeps base values for undefined', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: undefined })).toEqual({
      a: { b: 1, c: [3] },
      d: 1,
    });
    expect(deepMerge<{ a: { b: number } | null }>({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
  });
});

describe('buildPluginSnapshot / buildReviewInput', () => {
  it('parses attributes through the plugin schema and names the field when they are wrong', () => {
    const s = buildPluginSnapshot(samplePlugin, { share: 0.2 });
    expect(s.item.fundTypeId).toBe('sample-fund');
    expect(() => buildPluginSnapshot(samplePlugin, { amountFen: -1 })).toThrow(/amountFen：金额不能为负数/);
  });

  it('builds a submitted target with the default indicators', () => {
    const input = buildReviewInput();
    expect(input.item.state).toBe('targets_submitted');
    expect(input.target?.indicators).toHaveLength(5);
    expect(input.exAnte).toBeNull();
    expect(buildPluginReviewInput(samplePlugin, { amountFen: 1 }).attributes).toEqual({ amountFen: 1 });
  });

  it('buildRegionFacts gives healthy figures with overrides', () => {
    const r = buildRegionFacts({ debtBalanceFen: 1 });
    expect(r.debtBalanceFen).toBe(1);
    expect((r.comprehensiveFinancialResourcesFen ?? 0) > 0).toBe(true);
  });
});

describe('runRule / runPortfolioRule / runCheck', () => {
  it('run rules with the default configuration or overrides', () => {
    const s = buildPluginSnapshot(samplePlugin, { share: 0.3 });
    expect(runRule(shareRule, s)).toEqual([]);
    expect(runRule(shareRule, s, { settings: { minShare: 0.31 } })).toHaveLength(1);
  });

  it('reject malformed findings', () => {
    const english = itemRule<SampleAttributes>({
      id: 'english',
      name: '英文消息',
      source: '测试',
      inputs: ['attributes'],
      evaluate: () => [{ severity: 'yellow', suggestedAction: 'remind', message: 'too low' }],
    });
    expect(() => runRule(english, buildSnapshot<SampleAttributes>({ attributes: {} }))).toThrow(
      /message 须为中文/,
    );
    const badSeverity = {
      ...english,
      evaluate: () => [{ severity: 'purple', suggestedAction: 'remind', message: '偏低' }],
    } as unknown as ItemRule<SampleAttributes>;
    expect(() => runRule(badSeverity, buildSnapshot<SampleAttributes>({ attributes: {} }))).toThrow(
      /severity/,
    );
  });

  it('reject portfolio findings about items outside the portfolio', () => {
    const snaps: ItemSnapshot<SampleAttributes>[] = [
      buildPluginSnapshot(samplePlugin, { amountFen: 100 }, { item: { id: 7 } }),
    ];
    const findings = runPortfolioRule(
      totalRule,
      snaps,
      buildRegionFacts({ generalBudgetExpenditureFen: 99 }),
    );
    expect(findings.map((f) => f.itemId)).toEqual([7]);
    const stranger = {
      ...totalRule,
      evaluate: () => [{ itemId: 8, severity: 'red', suggestedAction: 'explain', message: '超过' }],
    } as typeof totalRule;
    expect(() => runPortfolioRule(stranger, snaps, null)).toThrow(/不在组合内/);
  });

  it('reject a failing review result without reasons', () => {
    const silent = reviewCheck<SampleAttributes>({
      id: 'silent',
      name: '无原因',
      source: '测试',
      appliesTo: 'targets',
      run: () => ({ outcome: 'fail', reasons: [] }),
    });
    expect(() => runCheck(silent, buildReviewInput<SampleAttributes>({ attributes: {} }))).toThrow(
      /须给出原因/,
    );
  });
});

describe('contractChecks catches broken plugins', () => {
  const failing = <A, S>(plugin: Plugin<A, S>, options: PluginContractOptions = {}) =>
    contractChecks(plugin, options)
      .filter((c) => !c.skip)
      .filter((c) => {
        try {
          c.run();
          return false;
        } catch {
          return true;
        }
      })
      .map((c) => c.name);

  it('a good plugin passes every check', () => {
    expect(failing(samplePlugin, { examples: sampleExamples })).toEqual([]);
  });

  it('an attribute schema that accepts negative or fractional fen', () => {
    const loose = definePlugin({
      ...sampleDefinition,
      attributes: z.object({ amountFen: z.number().optional() }),
    });
    expect(failing(loose, { exampleAttributes: { amountFen: 100 } })).toEqual([
      '属性模式拒绝明显错误的值，错误信息为中文',
    ]);
  });

  it('an example the schema rejects', () => {
    expect(failing(samplePlugin, { exampleAttributes: { share: 2 } })).toContain(
      '属性模式接受示例属性（注册表也接受）',
    );
  });

  it('a rule that throws on sparse data', () => {
    const fragile = itemRule<SampleAttributes>({
      id: 'fragile',
      name: '脆弱规则',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (s) => {
        if (!s.target) throw new Error('no target');
        return [];
      },
    });
    const plugin = definePlugin({
      ...sampleDefinition,
      monitoringRules: [...(sampleDefinition.monitoringRules ?? []), fragile],
    });
    expect(failing(plugin)).toEqual(['每条项目规则在常见快照上不抛错，返回合规的发现']);
  });

  it('too few rules and checks, unless marked draft', () => {
    const small = definePlugin({ ...sampleDefinition, monitoringRules: [shareRule], reviewChecks: [] });
    expect(failing(small)).toEqual(['至少 3 条监控规则、2 项审核检查']);
    expect(failing(small, { draft: true })).toEqual([]);
  });

  it('an evaluation template with too little 产出 + 效益', () => {
    const heavy = definePlugin({
      ...sampleDefinition,
      evaluation: {
        name: '偏重过程',
        dimensions: [
          { name: '决策', weight: 50, lines: [{ name: '立项', weight: 50, scoring: '规范得50分' }] },
          { name: '产出', weight: 50, lines: [{ name: '数量', weight: 50, scoring: '完成率×50分' }] },
        ],
      },
    });
    expect(failing(heavy)).toEqual(['评价模板权重合计100，各维度指标权重相符，产出+效益不低于配置比例']);
  });

  describe('a rule that reads more than it declares in inputs', () => {
    const INPUTS_CHECK = '每条监控规则在 inputs 中声明了它读取的全部数据（改变未声明的数据，结果不变）';
    // Fires once the year is past September: it reads the date.
    const lateYear = (inputs: ItemRule<SampleAttributes>['inputs']) =>
      itemRule<SampleAttributes>({
        id: 'late-year',
        name: '年末集中',
        source: '测试',
        inputs,
        evaluate: ({ attributes: a, calendar }) =>
          a.share !== undefined && calendar.month >= 10
            ? [{ severity: 'yellow', suggestedAction: 'remind', message: '第四季度比例仍需关注' }]
            : [],
      });
    // Fires when nothing was paid: it reads the payments.
    const unpaid = (inputs: ItemRule<SampleAttributes>['inputs']) =>
      itemRule<SampleAttributes>({
        id: 'unpaid',
        name: '尚未支付',
        source: '测试',
        inputs,
        evaluate: ({ attributes: a, execution }) =>
          a.amountFen !== undefined && execution.paidFen === 0
            ? [{ severity: 'yellow', suggestedAction: 'remind', message: '尚未支付' }]
            : [],
      });
    const withRule = (rule: ItemRule<SampleAttributes>, fires: (typeof sampleExamples.fires)[string]) =>
      definePlugin({
        ...sampleDefinition,
        monitoringRules: [...(sampleDefinition.monitoringRules ?? []), rule],
        examples: { ...sampleExamples, fires: { ...sampleExamples.fires, [rule.id]: fires } },
      });
    const lateExample = {
      note: '十月仍在监控',
      attributes: { share: 0.5 },
      snapshot: { calendar: { asOf: '2026-10-31' } },
    };
    const unpaidExample = {
      note: '未支付',
      attributes: { amountFen: 100 },
      snapshot: { execution: { paidFen: 0 } },
    };

    it('reading the date without declaring it fails the contract, naming the rule and the input', () => {
      const plugin = withRule(lateYear(['attributes']), lateExample);
      expect(failing(plugin)).toEqual([INPUTS_CHECK]);
      const check = contractChecks(plugin).find((c) => c.name === INPUTS_CHECK);
      expect(() => check?.run()).toThrow(/规则“late-year”未在 inputs 中声明“日期”（date）/);
    });

    it('declaring the date passes', () => {
      expect(failing(withRule(lateYear(['attributes', 'date']), lateExample))).toEqual([]);
    });

    it('reading the payments without declaring them fails; declaring them passes', () => {
      expect(failing(withRule(unpaid(['attributes']), unpaidExample))).toEqual([INPUTS_CHECK]);
      expect(failing(withRule(unpaid(['attributes', 'payments']), unpaidExample))).toEqual([]);
    });

    it('a date condition narrower than what the rule reads fails the contract; a wide enough one passes', () => {
      // It reads the month (from October on) but says it changes only when its year ends.
      const narrow = { ...lateYear(['attributes', 'date']), dateChanges: ['fiscalYearEnd'] as const };
      expect(failing(withRule(narrow, lateExample))).toEqual([INPUTS_CHECK]);
      const check = contractChecks(withRule(narrow, lateExample)).find((c) => c.name === INPUTS_CHECK);
      expect(() => check?.run()).toThrow(
        /规则“late-year”声明的日期条件（dateChanges）过窄：.*日期由 2026-09-30 改为 2026-10-01/,
      );
      const wide = { ...lateYear(['attributes', 'date']), dateChanges: ['fiscalYear'] as const };
      expect(failing(withRule(wide, lateExample))).toEqual([]);
    });

    it('a date condition on a rule that does not read the date, or of an unknown kind, is refused at definition', () => {
      expect(() =>
        withRule({ ...lateYear(['attributes']), dateChanges: ['fiscalYear'] }, lateExample),
      ).toThrow(/dateChanges 只用于读取日期的规则/);
      expect(() =>
        withRule({ ...lateYear(['attributes', 'date']), dateChanges: [{ after: 'due on' }] }, lateExample),
      ).toThrow(/dateChanges\[0\] 须为/);
    });

    it('a rule without inputs, or with an unknown one, is refused at definition', () => {
      expect(() => withRule(lateYear([]), lateExample)).toThrow(/inputs 须列出规则读取的数据/);
      expect(() => withRule(lateYear(['attributes', 'weather' as 'date']), lateExample)).toThrow(
        /inputs 含未知的数据项 "weather"/,
      );
    });
  });

  it('examples that do not do what they say', () => {
    const wrong = {
      ...sampleExamples,
      fires: { ...sampleExamples.fires, 'share-low': { note: '其实不低', attributes: { share: 0.9 } } },
    };
    expect(failing(samplePlugin, { examples: wrong })).toEqual([
      '每条监控规则都有触发示例，且示例确实触发该规则',
    ]);
    const noisy = { ...sampleExamples, clean: { note: '不干净', attributes: { share: 0.1 } } };
    expect(failing(samplePlugin, { examples: noisy })).toContain('干净示例不触发任何规则');
  });
});

describe('bot commands and routes', () => {
  const command: BotCommand = {
    id: 'count-items',
    help: '项目数：统计本类型项目',
    patterns: [/^项目数\s*(?<year>\d{4})?$/],
    async answer({ match, reader }) {
      const items = await reader.listItems({ fiscalYear: Number(match.year ?? 2026) });
      return { title: '项目数', markdown: `共${items.length}个项目` };
    },
  };
  const reader = buildScopedReader({
    items: [buildSnapshot(), buildSnapshot({ item: { id: 2, fiscalYearStart: 2025 } })],
    regions: [buildRegionFacts()],
  });

  it('runBotCommand matches patterns, passes named groups and a scoped reader', async () => {
    expect((await runBotCommand(command, '项目数 2025', { reader }))?.markdown).toBe('共1个项目');
    expect(await runBotCommand(command, '我的预警', { reader })).toBeNull();
    expect(await reader.regionFacts(1, 2026)).not.toBeNull();
    expect(await reader.getItem(3)).toBeNull();
  });

  it('requestPluginRoute mounts routes with asker, reader and config', async () => {
    const withRoutes = definePlugin({
      ...sampleDefinition,
      routes: (app, { settings }) => {
        app.get('/whoami', async (c) =>
          c.json({
            name: c.get('asker').name,
            items: (await c.get('reader').listItems()).length,
            minShare: settings.minShare,
            yellow: c.get('config').monitoring.lagYellowPoints,
          }),
        );
      },
    });
    const res = await requestPluginRoute(withRoutes, '/whoami', { reader });
    expect(await res.json()).toEqual({ name: '李科长', items: 2, minShare: 0.3, yellow: 10 });
    const configured = await requestPluginRoute(withRoutes, '/whoami', {
      reader,
      settings: { minShare: 0.4 },
      config: { fundTypes: { 'sample-fund': { monitoring: { lagYellowPoints: 12, lagOrangePoints: 16 } } } },
    });
    expect(await configured.json()).toMatchObject({ minShare: 0.4, yellow: 12 });
    await expect(requestPluginRoute(samplePlugin, '/x')).rejects.toThrow(/没有声明 routes/);
  });
});
