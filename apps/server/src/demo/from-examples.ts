import type { ItemKind } from '@jixiao/core';
import type { Plugin, PluginRegistry } from '@jixiao/plugin-kit';
import type { DemoItem, DemoOrg } from './generate.ts';
import { cityOwnerOf } from './placement.ts';
import { FUND_PLANS } from './plan.ts';
import { sectorOfText } from './sectors.ts';

export type ExampleItem = Pick<
  DemoItem,
  | 'name'
  | 'kind'
  | 'fundTypeId'
  | 'orgKey'
  | 'approvedAmountFen'
  | 'description'
  | 'attributes'
  | 'sector'
  | 'nature'
>;

/** 100万元, the approved amount the plugin test harness (and so each example) assumes. */
const EXAMPLE_APPROVED_FEN = 100_000_000;

const BATCHES = '一二三四五六七八九十';

function kindFor(plugin: Plugin, wanted: ItemKind | undefined): ItemKind {
  if (wanted && plugin.itemKinds.includes(wanted)) return wanted;
  return plugin.itemKinds.includes('project') ? 'project' : (plugin.itemKinds[0] ?? 'project');
}

/**
 * Demo items for every enabled fund type that has no hand-written demo data (`FUND_PLANS`):
 * one item from its clean example and one from each firing example, so a newly registered plugin
 * shows up in the demo city with warnings from its own rules after the start-up sweep. They sit
 * with the city department of the sector the fund type's name and description point to (the
 * finance bureau when they point nowhere), as that year's batches (第一批, 第二批 …) of the fund.
 * Attributes go through the plugin's schema, as on entry.
 */
export function exampleItems(
  registry: PluginRegistry,
  fiscalYear: number,
  orgs: readonly DemoOrg[],
): ExampleItem[] {
  const planned = new Set(FUND_PLANS.map((p) => p.fundTypeId));
  return registry
    .list()
    .filter((plugin) => !planned.has(plugin.id) && plugin.examples)
    .flatMap((plugin) => {
      const sector = sectorOfText(`${plugin.name} ${plugin.description}`);
      const owner = cityOwnerOf(sector, orgs) ?? (cityOwnerOf('finance', orgs) as DemoOrg);
      const { clean, fires } = plugin.examples as NonNullable<Plugin['examples']>;
      const examples = [clean, ...Object.values(fires)];
      return examples.map((example, i): ExampleItem => {
        const item = example.snapshot?.item;
        const batch = examples.length > 1 ? `第${BATCHES[i] ?? String(i + 1)}批` : '';
        return {
          name: `${fiscalYear}年${batch}${plugin.name}`,
          kind: kindFor(plugin, item?.kind),
          fundTypeId: plugin.id,
          orgKey: owner.key,
          approvedAmountFen: item?.approvedAmountFen ?? EXAMPLE_APPROVED_FEN,
          description: `${owner.name}实施的${plugin.name}（演示数据，取自插件示例：${example.note}）`,
          attributes: registry.parseAttributes(plugin.id, example.attributes),
          sector: owner.sector ?? sector,
          nature: 'program',
        };
      });
    });
}
