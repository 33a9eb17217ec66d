import type { Plugin } from '../types.ts';

/** An item of a database scenario: the fund type's attributes and, optionally, amounts. */
export interface DatabaseScenarioItem {
  attributes: Record<string, unknown>;
  name?: string;
  approvedAmountFen?: number;
  paidFen?: number;
}

export interface DatabaseScenario {
  items: readonly DatabaseScenarioItem[];
  region?: {
    generalBudgetRevenueFen?: number | null;
    generalBudgetExpenditureFen?: number | null;
    comprehensiveFinancialResourcesFen?: number | null;
    debtBalanceFen?: number | null;
    gdpGrowthBp?: number | null;
    revenueGrowthTargetBp?: number | null;
  };
  today?: string;
  /** Overrides of the plugin's settings, as under `plugins.<id>` in the policy configuration. */
  settings?: Record<string, unknown>;
}

export interface DatabaseScenarioResult {
  warnings: Array<{
    item: number;
    ruleId: string;
    severity: string;
    message: string;
    suggestedAction: string;
  }>;
  errors: Array<{ ruleId: string; message: string }>;
}

/**
 * Runs the whole plugin against a fresh in-memory database, as the platform would: items are
 * created through the API services (attributes validated by your schema), then a real monitoring
 * sweep runs every rule, item and portfolio. Returns the warnings your rules raised.
 *
 * @example
 * const { warnings } = await runPluginInDatabase(plugin, {
 *   region: { generalBudgetExpenditureFen: 1_000_000_000_000 },
 *   items: [{ attributes: { paymentMechanism: 'government_pay', annualFiscalObligationFen: 105_000_000_000 } }],
 * });
 * expect(warnings.map((w) => w.ruleId)).toContain('affordability-red-line');
 */
export async function runPluginInDatabase<A, S>(
  plugin: Plugin<A, S>,
  scenario: DatabaseScenario,
): Promise<DatabaseScenarioResult> {
  // Loaded only when a test asks for it: the database belongs to the platform, not to plugins.
  const platformTesting = (await import('@jixiao/db/testing')) as {
    runPluginInDatabase(p: Plugin, s: DatabaseScenario): Promise<DatabaseScenarioResult>;
  };
  return platformTesting.runPluginInDatabase(plugin as unknown as Plugin, scenario);
}
