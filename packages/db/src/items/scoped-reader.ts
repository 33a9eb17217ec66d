import { NotFoundError, type RegionFacts } from '@jixiao/core';
import type { ScopedReader } from '@jixiao/plugin-kit';
import { and, eq } from 'drizzle-orm';
import { type Actor, inScope } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { type Platform, today } from '../platform.ts';
import { regionFiscalFacts, regions } from '../schema/index.ts';
import { getItem, listItems } from './item-queries.ts';
import { loadSnapshots } from './snapshots.ts';

export async function loadRegionFacts(
  db: DbOrTx,
  regionId: number,
  fiscalYear: number,
): Promise<(RegionFacts & { path: string }) | null> {
  const rows = await db
    .select({ region: regions, facts: regionFiscalFacts })
    .from(regions)
    .leftJoin(
      regionFiscalFacts,
      and(eq(regionFiscalFacts.regionId, regions.id), eq(regionFiscalFacts.fiscalYear, fiscalYear)),
    )
    .where(eq(regions.id, regionId))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const f = row.facts;
  return {
    regionId: row.region.id,
    regionName: row.region.name,
    path: row.region.path,
    fiscalYear,
    generalBudgetRevenueFen: f?.generalBudgetRevenueFen ?? null,
    generalBudgetExpenditureFen: f?.generalBudgetExpenditureFen ?? null,
    comprehensiveFinancialResourcesFen: f?.comprehensiveFinancialResourcesFen ?? null,
    debtBalanceFen: f?.debtBalanceFen ?? null,
    gdpGrowthBp: f?.gdpGrowthBp ?? null,
    revenueGrowthTargetBp: f?.revenueGrowthTargetBp ?? null,
  };
}

/**
 * The read access a plugin's bot commands and routes get: items of its own fund type, only
 * within the asking user's scope. Plugins never see a connection.
 */
export function createScopedReader(platform: Platform, actor: Actor, fundTypeId: string): ScopedReader {
  return {
    async listItems(filter = {}) {
      const rows = await listItems(platform.db, actor, {
        fundTypeId,
        fiscalYear: filter.fiscalYear,
        state: filter.state,
        limit: Math.min(filter.limit ?? 200, 1000),
      });
      return loadSnapshots(platform.db, rows, today(platform), platform.config);
    },
    async getItem(itemId) {
      try {
        const row = await getItem(platform.db, actor, itemId);
        if (row.fundTypeId !== fundTypeId) return null;
        const [snap] = await loadSnapshots(platform.db, [row], today(platform), platform.config);
        return snap ?? null;
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    },
    async regionFacts(regionId, fiscalYear) {
      const facts = await loadRegionFacts(platform.db, regionId, fiscalYear);
      if (!facts) return null;
      // A region is visible when the actor's scope lies within it or it lies within the scope.
      if (!inScope(actor, facts.path) && !actor.scopePath.startsWith(facts.path)) return null;
      const { path: _path, ...rest } = facts;
      return rest;
    },
  };
}
