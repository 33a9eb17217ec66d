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

  it('builds items for a fund type without hand-written demo data from its examples, with the body of its sector, changing no other item', () => {
    const plugin = (id: string, name: string) =>
      definePlugin({
        id,
        name,
        budgetBook: 'general',
        itemKinds: ['policy'],
        attributes: z.object({ plannedTasks: z.int().min(1), completedTasks: z.int().min(0).default(0) }),
        monitoringRules: [
          itemRule<{ plannedTasks: number; completedTasks: number }>({
            id: 'nothing-done',
            name: '任务尚未开展',
            source: '测试依据',
            inputs: ['attributes'],
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
    const withNew = createPluginRegistry([
      ...registry.list(),
      plugin('demo-grant', '演示补助资金'),
      plugin('demo-roads', '农村公路养护补助资金'),
    ]);
    const city = generateDemoCity({ asOf: '2026-11-27', registry: withNew, config: defaultPolicyConfig });
    const orgName = (key: string) => city.orgs.find((o) => o.key === key)?.name;
    const grant = city.items.filter((i) => i.fundTypeId === 'demo-grant');
    expect(grant.map((i) => [i.name, orgName(i.orgKey), i.kind, i.state, i.attributes])).toEqual([
      [
        '2026年第一批演示补助资金',
        '景德镇市财政局',
        'policy',
        'executing',
        { plannedTasks: 10, completedTasks: 5 },
      ],
      [
        '2026年第二批演示补助资金',
        '景德镇市财政局',
        'policy',
        'executing',
        { plannedTasks: 10, completedTasks: 0 },
      ],
    ]);
    expect(grant.map((i) => i.description)).toEqual([
      expect.stringContaining('取自插件示例：已完成一半任务'),
      expect.stringContaining('取自插件示例：一项任务也没有完成'),
    ]);
    // A fund type whose name says what it is for goes to the department of that sector.
    const roads = city.items.filter((i) => i.fundTypeId === 'demo-roads');
    expect(roads.map((i) => [i.name, orgName(i.orgKey), i.sector])).toEqual([
      ['2026年第一批农村公路养护补助资金', '景德镇市交通运输局', 'transport'],
      ['2026年第二批农村公路养护补助资金', '景德镇市交通运输局', 'transport'],
    ]);
    const without = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
    expect(
      JSON.stringify(
        city.items.filter((i) => i.fundTypeId !== 'demo-grant' && i.fundTypeId !== 'demo-roads'),
      ),
    ).toBe(JSON.stringify(without.items));
  });
});
