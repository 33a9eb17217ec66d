import { fenSchema, formatWanYuan } from '@jixiao/core';
import { z } from 'zod';
import {
  definePlugin,
  itemRule,
  type PluginDefinition,
  type PluginExamples,
  type PluginSettings,
  portfolioRule,
  reviewCheck,
} from '../src/index.ts';

export const sampleSchema = z.object({
  amountFen: fenSchema.optional(),
  share: z.number('比例须为数字').min(0, '比例不能小于0').max(1, '比例不能大于1').optional(),
});
export type SampleAttributes = z.output<typeof sampleSchema>;

export const sampleSettingsSchema = z.object({ minShare: z.number().min(0).max(1).default(0.3) });
export type SampleSettings = z.output<typeof sampleSettingsSchema>;
const sampleSettings: PluginSettings<SampleSettings> = {
  schema: sampleSettingsSchema,
  sources: { minShare: '测试依据：比例不低于30%' },
};

export const shareRule = itemRule<SampleAttributes, SampleSettings>({
  id: 'share-low',
  name: '比例偏低',
  source: '测试依据',
  inputs: ['attributes'],
  evaluate({ attributes: a }, { settings }) {
    const min = settings.minShare;
    if (a.share === undefined || a.share >= min) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'remind',
        message: `比例${a.share}低于${min}`,
        details: { share: a.share },
      },
    ];
  },
});

export const totalRule = portfolioRule<SampleAttributes>({
  id: 'total-high',
  name: '合计偏高',
  source: '测试依据',
  inputs: ['attributes'],
  evaluate(snapshots, region) {
    const total = snapshots.reduce((s, x) => s + (x.attributes.amountFen ?? 0), 0);
    const limit = region?.generalBudgetExpenditureFen ?? null;
    if (limit === null || total <= limit) return [];
    return snapshots.map((s) => ({
      itemId: s.item.id,
      severity: 'red' as const,
      suggestedAction: 'explain' as const,
      message: `合计${formatWanYuan(total)}超过${formatWanYuan(limit)}`,
    }));
  },
});

const amountRule = itemRule<SampleAttributes>({
  id: 'amount-missing',
  name: '金额为零',
  source: '测试依据',
  inputs: ['attributes'],
  evaluate({ attributes: a }) {
    return a.amountFen === 0 ? [{ severity: 'yellow', suggestedAction: 'remind', message: '金额为零' }] : [];
  },
});

const amountCheck = reviewCheck<SampleAttributes>({
  id: 'amount-given',
  name: '填写金额',
  source: '测试依据',
  appliesTo: 'targets',
  run({ attributes: a }) {
    return a.amountFen === undefined
      ? { outcome: 'warn', reasons: ['未填写金额'] }
      : { outcome: 'pass', reasons: [] };
  },
});

const targetCheck = reviewCheck<SampleAttributes>({
  id: 'has-target',
  name: '已有目标',
  source: '测试依据',
  appliesTo: 'targets',
  run({ target }) {
    return target ? { outcome: 'pass', reasons: [] } : { outcome: 'fail', reasons: ['没有绩效目标'] };
  },
});

export const sampleDefinition: PluginDefinition<SampleAttributes, SampleSettings> = {
  id: 'sample-fund',
  name: '示例资金',
  budgetBook: 'general',
  attributes: sampleSchema,
  settings: sampleSettings,
  indicatorLibrary: [
    { name: '完成率', level1: 'output', level2: 'quantity', operator: 'gte', typicalTarget: 100, unit: '%' },
  ],
  evaluation: {
    name: '示例评价',
    dimensions: [
      { name: '决策', weight: 20, lines: [{ name: '立项', weight: 20, scoring: '规范得20分' }] },
      { name: '过程', weight: 20, lines: [{ name: '管理', weight: 20, scoring: '规范得20分' }] },
      { name: '产出', weight: 30, lines: [{ name: '数量', weight: 30, scoring: '完成率×30分' }] },
      { name: '效益', weight: 30, lines: [{ name: '效果', weight: 30, scoring: '明显得30分' }] },
    ],
  },
  monitoringRules: [shareRule, totalRule, amountRule],
  reviewChecks: [amountCheck, targetCheck],
};

export const samplePlugin = definePlugin(sampleDefinition);

export const sampleExamples: PluginExamples<z.input<typeof sampleSchema>> = {
  clean: { note: '比例一半，金额100元', attributes: { amountFen: 10_000, share: 0.5 } },
  fires: {
    'share-low': { note: '比例0.1', attributes: { amountFen: 10_000, share: 0.1 } },
    'total-high': {
      note: '超过地区支出',
      attributes: { amountFen: 10_000 },
      region: { generalBudgetExpenditureFen: 9_999 },
    },
    'amount-missing': { note: '金额为零', attributes: { amountFen: 0 } },
  },
};
