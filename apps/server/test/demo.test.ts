import { defaultPolicyConfig } from '@jixiao/core';
import { createPluginRegistry, definePlugin, itemRule, type PluginRegistry } from '@jixiao/plugin-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configuredPluginPaths } from '../src/config.ts';
import { generateDemoCity } from '../src/demo/generate.ts';
import { loadPlugins } from '../src/plugins.ts';

let registry: PluginRegistry;
beforeAll(async () => {
  registry = await loadPlugins(configuredPluginPaths());
});

describe('demo city generator', () => {
  it('is deterministic for a seed and date', () => {
    const a = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    const b = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('has a Jingdezhen-sized city: ~25 departments, ~60 units, 3 counties, ~400 items over every fund type', () => {
    const city = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    const cityDepts = city.orgs.filter((o) => o.kind === 'department' && o.regionKey === '360200');
    const units = city.orgs.filter((o) => o.kind === 'unit');
    expect(city.regions.filter((r) => r.spec.level === 'county')).toHaveLength(3);
    expect(cityDepts.length).toBeGreaterThanOrEqual(24);
    expect(units.length).toBeGreaterThanOrEqual(55);
    expect(city.items.length).toBeGreaterThanOrEqual(390);
    expect(new Set(city.items.map((i) => i.fundTypeId)).size).toBe(registry.list().length);
    for (const role of [
      'finance_admin',
      'dept_officer',
      'unit_officer',
      'auditor',
      'evaluator',
      'leader',
      'region_leader',
    ] as const) {
      expect(
        city.users.some((u) => u.roles.includes(role)),
        role,
      ).toBe(true);
    }
  });

  it('gives every item a kind and attributes its fund type accepts', () => {
    const city = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    for (const item of city.items) {
      expect(
        () => registry.parseAttributes(item.fundTypeId, item.attributes),
        `${item.code} ${item.fundTypeId}`,
      ).not.toThrow();
      expect(registry.require(item.fundTypeId).itemKinds, `${item.code} ${item.fundTypeId}`).toContain(
        item.kind,
      );
    }
  });

  it('spreads executing items over on-track and lagging profiles, with payments never after the demo date', () => {
    const city = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    const executing = city.items.filter((i) => i.state === 'executing');
    const profiles = new Set(executing.map((i) => i.profile));
    expect([...profiles].sort()).toEqual(['ahead', 'no_payment', 'on_track', 'orange', 'red', 'yellow']);
    for (const item of city.items) {
      for (const p of item.payments) expect(p.paidOn <= '2026-11-27').toBe(true);
      expect(item.payments.reduce((s, p) => s + p.amountFen, 0)).toBeLessThanOrEqual(item.approvedAmountFen);
    }
  });

  it('builds items for a fund type without hand-written demo data from its examples, changing no other item', () => {
    const grant = definePlugin({
      id: 'demo-grant',
      name: '演示补助资金',
      budgetBook: 'general',
      itemKinds: ['policy'],
      attributes: z.object({ plannedTasks: z.int().min(1), completedTasks: z.int().min(0).default(0) }),
      monitoringRules: [
        itemRule<{ plannedTasks: number; completedTasks: number }>({
          id: 'nothing-done',
          name: '任务尚未开展',
          source: '测试依据',
          evaluate: ({ attributes: a }) =>
            a.completedTasks === 0
              ? [{ severity: 'yellow', suggestedAction: 'remind', message: '尚未完成任何任务' }]
              : [],
        }),
      ],
      examples: {
        clean: { note: '已完成一半任务', attributes: { plannedTasks: 10, completedTasks: 5 } },
        fires: { 'nothing-done': { note: '一项任务也没有完成', attributes: { plannedTasks: 10 } } },
      },
    });
    const withGrant = createPluginRegistry([...registry.list(), grant]);
    const city = generateDemoCity({ asOf: '2026-11-27', registry: withGrant, config: defaultPolicyConfig });
    const items = city.items.filter((i) => i.fundTypeId === 'demo-grant');
    expect(items.map((i) => [i.description, i.kind, i.state, i.attributes])).toEqual([
      [
        '演示数据，取自插件示例：已完成一半任务',
        'policy',
        'executing',
        { plannedTasks: 10, completedTasks: 5 },
      ],
      [
        '演示数据，取自插件示例：一项任务也没有完成',
        'policy',
        'executing',
        { plannedTasks: 10, completedTasks: 0 },
      ],
    ]);
    for (const item of items) {
      expect(city.orgs.find((o) => o.key === item.orgKey)).toMatchObject({
        kind: 'department',
        regionKey: '360200',
      });
    }
    const without = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    expect(JSON.stringify(city.items.filter((i) => i.fundTypeId !== 'demo-grant'))).toBe(
      JSON.stringify(without.items),
    );
  });
});
