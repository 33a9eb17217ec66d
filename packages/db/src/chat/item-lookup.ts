import { REPORTABLE_STATES } from '@jixiao/core';
import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { likePattern } from '../items/item-queries.ts';
import { budgetItems, indicators, orgUnits, performanceTargets } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

export interface ItemName {
  id: number;
  code: string;
  name: string;
  orgName: string;
}

/** Codes and names of the items the actor may see, newest first: the candidates for fuzzy matching. */
export async function listItemNames(db: DbOrTx, actor: Actor, limit = 5000): Promise<ItemName[]> {
  return db
    .select({ id: budgetItems.id, code: budgetItems.code, name: budgetItems.name, orgName: orgUnits.name })
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(orgInScope(actor))
    .orderBy(desc(budgetItems.currentFiscalYear), desc(budgetItems.id))
    .limit(Math.min(Math.max(1, limit), 20_000));
}

/** Items in scope whose code ends with `suffix` ("2026-0123" for "JDZ-2026-0123"). */
export async function findItemsByCodeSuffix(
  db: DbOrTx,
  actor: Actor,
  suffix: string,
  limit = 6,
): Promise<ItemName[]> {
  const pattern = `%${suffix.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
  return db
    .select({ id: budgetItems.id, code: budgetItems.code, name: budgetItems.name, orgName: orgUnits.name })
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(and(orgInScope(actor), sql`upper(${budgetItems.code}) like upper(${pattern})`))
    .orderBy(desc(budgetItems.currentFiscalYear), desc(budgetItems.id))
    .limit(limit);
}

export interface IndicatorMatch {
  item: { id: number; code: string; name: string };
  indicator: { id: number; name: string; unit: string };
}

/**
 * Indicators whose name contains `name`, on items in scope that can take progress reports
 * (so "上报新建校舍数量完成12所" finds its item when the user has only one such indicator).
 */
export async function findReportableIndicators(
  db: DbOrTx,
  actor: Actor,
  name: string,
  limit = 6,
): Promise<IndicatorMatch[]> {
  const rows = await db
    .select({
      itemId: budgetItems.id,
      code: budgetItems.code,
      itemName: budgetItems.name,
      indicatorId: indicators.id,
      indicatorName: indicators.name,
      unit: indicators.unit,
    })
    .from(indicators)
    .innerJoin(performanceTargets, eq(performanceTargets.id, indicators.targetId))
    .innerJoin(budgetItems, eq(budgetItems.id, indicators.itemId))
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(
      and(
        orgInScope(actor),
        inArray(budgetItems.state, [...REPORTABLE_STATES]),
        eq(performanceTargets.status, 'approved'),
        sql`(${performanceTargets.fiscalYear} = ${budgetItems.currentFiscalYear} or ${performanceTargets.fiscalYear} is null)`,
        like(indicators.name, likePattern(name)),
      ),
    )
    .orderBy(desc(budgetItems.id), indicators.position)
    .limit(limit);
  return rows.map((r) => ({
    item: { id: r.itemId, code: r.code, name: r.itemName },
    indicator: { id: r.indicatorId, name: r.indicatorName, unit: r.unit },
  }));
}
