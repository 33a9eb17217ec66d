import type { RegionFacts } from '@jixiao/core';
import type { Plugin } from '@jixiao/plugin-kit';
import { and, like, sql } from 'drizzle-orm';
import { recordPayment } from '../execution/payments.ts';
import { runSweep } from '../monitoring/sweep/run-sweep.ts';
import { regionFiscalFacts, warnings } from '../schema/index.ts';
import { createExecutingItem, seedTestCity } from './fixtures.ts';
import { createTestDatabase } from './index.ts';

export interface PluginScenarioItem {
  attributes: Record<string, unknown>;
  name?: string;
  approvedAmountFen?: number;
  /** Paid so far this year (one payment on the 1st of the month before `today`). */
  paidFen?: number;
}

export interface PluginScenario {
  items: readonly PluginScenarioItem[];
  /** The city's budget figures (portfolio rules read them). */
  region?: Partial<Omit<RegionFacts, 'regionId' | 'regionName' | 'fiscalYear'>>;
  /** Default 2026-08-31, the harness date. */
  today?: string;
  /** Overrides of the plugin's settings (as under `plugins.<id>` in the policy configuration). */
  settings?: Record<string, unknown>;
}

export interface PluginScenarioWarning {
  /** Index into `scenario.items`. */
  item: number;
  ruleId: string;
  severity: string;
  message: string;
  suggestedAction: string;
}

/**
 * Runs a whole plugin the way the platform does: a fresh in-memory database with a small city,
 * the plugin as the only fund type, the scenario's items created through the services (so the
 * attributes go through the plugin's schema), then a real monitoring sweep. Returns the warnings
 * the plugin's rules raised, and the rule errors.
 *
 * Plugin tests import it from `@jixiao/db/testing` (the plugin lists `@jixiao/db` as a
 * devDependency): plugins declare, the platform runs, so the runner lives with the platform.
 *
 * @example
 * const { warnings } = await runPluginInDatabase(plugin, {
 *   region: { generalBudgetExpenditureFen: 1_000_000_000_000 },
 *   items: [{ attributes: { paymentMechanism: 'government_pay', annualFiscalObligationFen: 105_000_000_000 } }],
 * });
 * expect(warnings.map((w) => w.ruleId)).toContain('affordability-red-line');
 */
export async function runPluginInDatabase(
  plugin: Plugin,
  scenario: PluginScenario,
): Promise<{ warnings: PluginScenarioWarning[]; errors: Array<{ ruleId: string; message: string }> }> {
  const db = await createTestDatabase();
  try {
    const today = scenario.today ?? '2026-08-31';
    const city = await seedTestCity(db, {
      today,
      plugins: [plugin],
      settings: scenario.settings ? { [plugin.id]: scenario.settings } : undefined,
    });
    const year = Number(today.slice(0, 4));
    await db.db.insert(regionFiscalFacts).values({
      regionId: city.regionId,
      fiscalYear: year,
      generalBudgetRevenueFen: scenario.region?.generalBudgetRevenueFen ?? null,
      generalBudgetExpenditureFen: scenario.region?.generalBudgetExpenditureFen ?? null,
      comprehensiveFinancialResourcesFen: scenario.region?.comprehensiveFinancialResourcesFen ?? null,
      debtBalanceFen: scenario.region?.debtBalanceFen ?? null,
      gdpGrowthBp: scenario.region?.gdpGrowthBp ?? null,
      revenueGrowthTargetBp: scenario.region?.revenueGrowthTargetBp ?? null,
    });
    const ids: number[] = [];
    for (const [i, s] of scenario.items.entries()) {
      const item = await createExecutingItem(city, {
        fundTypeId: plugin.id,
        kind: plugin.itemKinds.includes('project') ? 'project' : plugin.itemKinds[0],
        name: s.name ?? `${plugin.name}测试项目${i + 1}`,
        approvedAmountFen: s.approvedAmountFen ?? 100_000_000,
        fiscalYearStart: year,
        fiscalYearEnd: year,
        attributes: s.attributes,
      });
      if (s.paidFen) {
        const month = Math.max(1, Number(today.slice(5, 7)) - 1);
        await recordPayment(city.platform, city.actors.officerA, item.id, {
          paidOn: `${year}-${String(month).padStart(2, '0')}-01`,
          amountFen: s.paidFen,
          source: 'treasury',
        });
      }
      ids.push(item.id);
    }
    const result = await runSweep(city.platform, { trigger: 'test', asOf: today });
    const rows = await db.db
      .select()
      .from(warnings)
      .where(and(like(warnings.ruleId, `${plugin.id}:%`), sql`${warnings.status} <> 'closed'`))
      .orderBy(warnings.id);
    return {
      warnings: rows.map((w) => ({
        item: ids.indexOf(w.itemId),
        ruleId: w.ruleId.slice(plugin.id.length + 1),
        severity: w.severity,
        message: w.message,
        suggestedAction: w.suggestedAction,
      })),
      errors: result.errors.map((e) => ({ ruleId: e.ruleId, message: e.message })),
    };
  } finally {
    await db.dispose();
  }
}
