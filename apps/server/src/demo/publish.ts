import { type Actor, loadActor, type Platform, schema } from '@jixiao/db';
import { actOnPublication, createPublication } from '@jixiao/db/publications';
import { and, asc, eq, gte, or, sql } from 'drizzle-orm';

const { budgetItems, departmentTargets, orgUnits, regions, targetVersions, users } = schema;

/** 500 万元 in fen: the demo publishes projects of this size and up, with every new major one and every policy. */
const MAJOR_FEN = 5_000_000 * 100;
/** Enough to read on a page; the demo's largest. */
const MAX_ITEMS = 40;

/**
 * The demo city's published year (DI-4): the city finance bureau's officer selects the major
 * policies and projects with approved targets of the year, the section chief approves them for
 * publication today; then a correction adds the department-wide targets (so the site shows two
 * versions, the second with its note).
 */
export async function publishDemoYear(platform: Platform, fiscalYear: number, today: string): Promise<void> {
  const db = platform.db;
  const admins = await db
    .select({ id: users.id, regionId: regions.id })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .innerJoin(regions, eq(regions.id, orgUnits.regionId))
    .where(
      and(
        eq(regions.level, 'city'),
        eq(orgUnits.kind, 'finance_bureau'),
        sql`'finance_admin' = any(${users.roles})`,
      ),
    )
    .orderBy(asc(users.id));
  const [chief, officer] = admins;
  if (!chief || !officer) return;
  const reviewer = (await loadActor(db, chief.id)) as Actor;
  const selector = (await loadActor(db, officer.id)) as Actor;
  const items = await db
    .selectDistinct({ id: budgetItems.id, amount: budgetItems.approvedAmountFen })
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .innerJoin(targetVersions, eq(targetVersions.itemId, budgetItems.id))
    .where(
      and(
        eq(orgUnits.regionId, chief.regionId),
        eq(targetVersions.status, 'approved'),
        eq(targetVersions.fiscalYear, fiscalYear),
        or(
          eq(budgetItems.isNewMajor, true),
          eq(budgetItems.kind, 'policy'),
          gte(budgetItems.approvedAmountFen, MAJOR_FEN),
        ),
      ),
    );
  const itemIds = items
    .sort((a, b) => b.amount - a.amount || a.id - b.id)
    .slice(0, MAX_ITEMS)
    .map((i) => i.id);
  if (itemIds.length === 0) return;
  const depts = await db
    .select({ id: departmentTargets.orgUnitId })
    .from(departmentTargets)
    .innerJoin(orgUnits, eq(orgUnits.id, departmentTargets.orgUnitId))
    .where(
      and(
        eq(orgUnits.regionId, chief.regionId),
        eq(departmentTargets.fiscalYear, fiscalYear),
        eq(departmentTargets.status, 'approved'),
      ),
    );
  const v1 = await createPublication(platform, selector, {
    fiscalYear,
    draft: 'budget',
    itemIds,
    departmentIds: [],
  });
  await actOnPublication(platform, selector, v1.id, 'submit');
  await actOnPublication(platform, reviewer, v1.id, 'approve', { publishOn: today });
  const departmentIds = depts.map((d) => d.id);
  if (departmentIds.length === 0) return;
  const v2 = await createPublication(platform, selector, {
    fiscalYear,
    draft: 'budget',
    itemIds,
    departmentIds: [...new Set(departmentIds)],
    note: '补充公开各部门整体绩效目标',
  });
  await actOnPublication(platform, selector, v2.id, 'submit');
  await actOnPublication(platform, reviewer, v2.id, 'approve', { publishOn: today });
}
