import type { ItemKind } from '@jixiao/core';
import type { Plugin, PluginRegistry } from '@jixiao/plugin-kit';
import { CITY } from './catalog.ts';
import type { DemoItem, DemoOrg } from './generate.ts';
import { FUND_PLANS } from './plan.ts';

export type ExampleItem = Pick<
  DemoItem,
  'name' | 'kind' | 'fundTypeId' | 'orgKey' | 'approvedAmountFen' | 'description' | 'attributes'
>;

/** 100万元, the approved amount the plugin test harness (and so each example) assumes. */
const EXAMPLE_APPROVED_FEN = 100_000_000;

function kindFor(plugin: Plugin, wanted: ItemKind | undefined): ItemKind {
  if (wanted && plugin.itemKinds.includes(wanted)) return wanted;
  return plugin.itemKinds.includes('project') ? 'project' : (plugin.itemKinds[0] ?? 'project');
}

/**
 * Demo items for every enabled fund type that has no hand-written demo data (`FUND_PLANS`):
 * one item from its clean example and one from each firing example, owned by the city's
 * departments in turn, so a newly registered plugin shows up in the demo city with warnings from
 * its own rules after the start-up sweep. Attributes go through the plugin's schema, as on entry.
 */
export function exampleItems(
  registry: PluginRegistry,
  fiscalYear: number,
  orgs: readonly DemoOrg[],
): ExampleItem[] {
  const owners = orgs.filter((o) => o.kind === 'department' && o.regionKey === CITY.code && o.deptCode);
  const planned = new Set(FUND_PLANS.map((p) => p.fundTypeId));
  let turn = 0;
  return registry
    .list()
    .filter((plugin) => !planned.has(plugin.id) && plugin.examples)
    .flatMap((plugin) => {
      const { clean, fires } = plugin.examples as NonNullable<Plugin['examples']>;
      return [clean, ...Object.values(fires)].map((example, i): ExampleItem => {
        const owner = owners[turn++ % owners.length] as DemoOrg;
        const item = example.snapshot?.item;
        return {
          name: `${fiscalYear}年${plugin.name}示范项目${i + 1}`,
          kind: kindFor(plugin, item?.kind),
          fundTypeId: plugin.id,
          orgKey: owner.key,
          approvedAmountFen: item?.approvedAmountFen ?? EXAMPLE_APPROVED_FEN,
          description: `演示数据，取自插件示例：${example.note}`,
          attributes: registry.parseAttributes(plugin.id, example.attributes),
        };
      });
    });
}
