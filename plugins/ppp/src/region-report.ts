import type { ScopedReader } from '@jixiao/plugin-kit';
import { type Affordability, affordabilityOf } from './affordability.ts';
import { type PppAttributes, pppAttributesSchema } from './attributes.ts';
import type { PppSettings } from './settings.ts';

export interface RegionAffordability {
  regionId: number;
  regionName: string;
  /** Null when the region's general-budget expenditure is not recorded. */
  affordability: Affordability | null;
}

/** Affordability of every region the reader can see PPP items in, for one fiscal year. */
export async function regionAffordability(
  reader: ScopedReader,
  fiscalYear: number,
  settings: PppSettings,
): Promise<RegionAffordability[]> {
  const byRegion = new Map<number, Array<{ attributes: PppAttributes }>>();
  for (const snap of await reader.listItems({ fiscalYear })) {
    const parsed = pppAttributesSchema.safeParse(snap.attributes);
    if (!parsed.success) continue;
    const list = byRegion.get(snap.item.regionId) ?? [];
    list.push({ attributes: parsed.data });
    byRegion.set(snap.item.regionId, list);
  }
  const out: RegionAffordability[] = [];
  for (const [regionId, items] of byRegion) {
    const facts = await reader.regionFacts(regionId, fiscalYear);
    out.push({
      regionId,
      regionName: facts?.regionName ?? `区划${regionId}`,
      affordability: affordabilityOf(items, facts?.generalBudgetExpenditureFen ?? null, settings),
    });
  }
  return out.sort((a, b) => a.regionId - b.regionId);
}
