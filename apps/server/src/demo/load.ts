import { type Db, schema, systemActor } from '@jixiao/db';
import { appendAudit } from '@jixiao/db/audit';
import { eq as eqId, sql } from 'drizzle-orm';
import type { DemoCity } from './generate.ts';
import {
  assessmentRow,
  insertApprovals,
  insertReferenceData,
  insertTargets,
  type PendingVersion,
  type TargetSpec,
} from './load-workflows.ts';

const {
  budgetItems,
  exAnteAssessments,
  executionRecords,
  imIdentities,
  indicatorReports,
  lifecycleEvents,
  orgUnits,
  regionFiscalFacts,
  regions,
  users,
} = schema;

const YI = 100_000_000 * 100; // 1 亿元 in fen

async function insertChunked<T>(rows: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface LoadedDemo {
  items: number;
  users: number;
  payments: number;
  reports: number;
}

/**
 * Writes a generated demo city into an empty database in one transaction (all or nothing),
 * with a single audit entry recording the load.
 */
export async function loadDemoCity(db: Db, city: DemoCity): Promise<LoadedDemo> {
  const loaded = await db.transaction(async (tx) => {
    const regionIds = new Map<string, { id: number; path: string }>();
    for (const r of city.regions) {
      const parent = r.parentKey ? regionIds.get(r.parentKey) : undefined;
      const path = `${parent?.path ?? '/'}${r.spec.code}/`;
      const row = (
        await tx
          .insert(regions)
          .values({
            code: r.spec.code,
            name: r.spec.name,
            level: r.spec.level,
            parentId: parent?.id ?? null,
            path,
          })
          .returning({ id: regions.id })
      )[0] as { id: number };
      regionIds.set(r.key, { id: row.id, path });
      await tx.insert(regionFiscalFacts).values({
        regionId: row.id,
        fiscalYear: city.fiscalYear,
        generalBudgetRevenueFen: Math.round(r.spec.generalRevenueYi * YI),
        generalBudgetExpenditureFen: Math.round(r.spec.generalExpenditureYi * YI),
        comprehensiveFinancialResourcesFen: Math.round(r.spec.comprehensiveResourcesYi * YI),
        debtBalanceFen: Math.round(r.spec.debtBalanceYi * YI),
        gdpGrowthBp: Math.round(r.spec.gdpGrowthPct * 100),
        revenueGrowthTargetBp: Math.round(r.spec.revenueGrowthTargetPct * 100),
      });
    }

    const orgIds = new Map<string, { id: number; path: string }>();
    for (const o of city.orgs) {
      const region = regionIds.get(o.regionKey) as { id: number; path: string };
      const parent = o.parentKey ? orgIds.get(o.parentKey) : undefined;
      const row = (
        await tx
          .insert(orgUnits)
          .values({
            code: o.code,
            name: o.name,
            kind: o.kind,
            regionId: region.id,
            parentId: parent?.id ?? null,
            path: 'pending',
          })
          .returning({ id: orgUnits.id })
      )[0] as { id: number };
      const path = `${parent?.path ?? region.path}o${row.id}/`;
      orgIds.set(o.key, { id: row.id, path });
    }
    for (const o of city.orgs) {
      const org = orgIds.get(o.key) as { id: number; path: string };
      await tx.update(orgUnits).set({ path: org.path }).where(eqId(orgUnits.id, org.id));
    }

    const userIds = new Map<string, number>();
    const insertedUsers = await tx
      .insert(users)
      .values(
        city.users.map((u) => ({
          name: u.name,
          orgUnitId: (orgIds.get(u.orgKey) as { id: number }).id,
          roles: u.roles,
          title: u.title,
          mobile: u.mobile,
        })),
      )
      .returning({ id: users.id });
    for (const [i, u] of city.users.entries()) userIds.set(u.key, (insertedUsers[i] as { id: number }).id);
    await tx.insert(imIdentities).values(
      city.users.map((u) => ({
        userId: userIds.get(u.key) as number,
        channel: 'dingtalk' as const,
        externalUserId: u.dingtalkUserId,
        unionId: u.unionId,
      })),
    );
    for (const o of city.orgs) {
      if (o.headUserKey) {
        await tx
          .update(orgUnits)
          .set({ headUserId: userIds.get(o.headUserKey) ?? null })
          .where(eqId(orgUnits.id, (orgIds.get(o.key) as { id: number }).id));
      }
    }

    const cityRegion = regionIds.get(city.regions[0]?.key as string) as { id: number };
    const orgIdByKey = new Map([...orgIds].map(([k, v]) => [k, v.id]));
    const refs = await insertReferenceData(tx, city, orgIdByKey, userIds, cityRegion.id);

    const financeAdmin = city.users.find((u) =>
      u.roles.includes('finance_admin'),
    ) as (typeof city.users)[number];
    const adminId = userIds.get(financeAdmin.key) ?? null;

    const itemRows = await tx
      .insert(budgetItems)
      .values(
        city.items.map((it) => ({
          code: it.code,
          name: it.name,
          kind: it.kind,
          fundTypeId: it.fundTypeId,
          orgUnitId: (orgIds.get(it.orgKey) as { id: number }).id,
          fiscalYearStart: it.fiscalYearStart,
          fiscalYearEnd: it.fiscalYearEnd,
          currentFiscalYear: it.currentFiscalYear,
          approvedAmountFen: it.approvedAmountFen,
          responsiblePerson: it.responsiblePerson,
          isNewMajor: it.isNewMajor,
          isSpecialTransfer: it.isSpecialTransfer,
          isNew: it.isNew ?? false,
          isCapitalConstruction: it.isCapitalConstruction ?? false,
          sector: it.librarySector ?? null,
          description: it.description,
          functionalSubject: it.functionalSubject ?? null,
          attributes: it.attributes,
          state: it.state,
        })),
      )
      .returning({ id: budgetItems.id });

    let payments = 0;
    let reports = 0;
    const paymentRows: Array<typeof executionRecords.$inferInsert> = [];
    const reportRows: Array<typeof indicatorReports.$inferInsert> = [];
    const eventRows: Array<typeof lifecycleEvents.$inferInsert> = [];
    const assessmentRows: Array<typeof exAnteAssessments.$inferInsert> = [];
    const versions: PendingVersion[] = [];
    const targets: TargetSpec[] = [];
    for (const [i, it] of city.items.entries()) {
      const itemId = (itemRows[i] as { id: number }).id;
      const assessment = assessmentRow(refs, it, itemId);
      if (assessment) assessmentRows.push(assessment);
      const orgUnitId = (orgIds.get(it.orgKey) as { id: number }).id;
      if (it.cycleTarget) {
        targets.push({
          item: it,
          itemId,
          orgUnitId,
          fiscalYear: null,
          target: it.cycleTarget,
          versions: it.cycleVersions ?? [],
        });
      }
      if (it.target) {
        targets.push({
          item: it,
          itemId,
          orgUnitId,
          fiscalYear: it.currentFiscalYear,
          target: it.target,
          versions: it.targetVersions ?? [],
        });
      }
      for (const p of it.payments) {
        paymentRows.push({
          itemId,
          fiscalYear: it.currentFiscalYear,
          paidOn: p.paidOn,
          amountFen: p.amountFen,
          source: 'treasury',
          voucherNo: p.voucherNo,
        });
      }
      for (const e of it.events) {
        eventRows.push({
          itemId,
          action: e.action,
          fromState: e.from,
          toState: e.to,
          actorUserId: adminId,
          reason: e.reason,
          payload: {},
          at: new Date(`${e.on}T01:30:00Z`),
        });
      }
    }
    const indicatorIds = await insertTargets(tx, refs, targets, adminId, versions);
    // Progress is reported on the annual targets' indicators.
    for (const [index, { item, itemId, fiscalYear }] of targets.entries()) {
      if (fiscalYear === null) continue;
      const ids = indicatorIds[index] as number[];
      for (const r of item.reports) {
        reportRows.push({ ...r, indicatorId: ids[r.indicatorIndex] as number, itemId, fiscalYear });
      }
    }
    await insertChunked(assessmentRows, 500, (chunk) => tx.insert(exAnteAssessments).values(chunk));
    await insertApprovals(
      tx,
      city,
      refs,
      new Map(
        city.items.map((it, i) => [
          it.code,
          { id: (itemRows[i] as { id: number }).id, amountFen: it.approvedAmountFen },
        ]),
      ),
      versions,
    );
    await insertChunked(paymentRows, 2000, (chunk) => tx.insert(executionRecords).values(chunk));
    await insertChunked(reportRows, 2000, (chunk) => tx.insert(indicatorReports).values(chunk));
    await insertChunked(eventRows, 2000, (chunk) => tx.insert(lifecycleEvents).values(chunk));
    payments = paymentRows.length;
    reports = reportRows.length;

    const system = systemActor('演示数据生成器');
    await appendAudit(tx, [
      {
        actor: system,
        action: 'demo.load',
        entityType: 'demo_city',
        entityId: city.asOf,
        after: {
          asOf: city.asOf,
          fiscalYear: city.fiscalYear,
          items: city.items.length,
          users: city.users.length,
          payments,
          reports,
        },
      },
    ]);
    return { items: city.items.length, users: city.users.length, payments, reports };
  });
  // Fresh statistics, so the first queries get good plans instead of waiting for autovacuum.
  await db.execute(sql`analyze`);
  return loaded;
}
