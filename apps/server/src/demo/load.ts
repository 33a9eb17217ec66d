import { type Db, schema, systemActor } from '@jixiao/db';
import { appendAudit } from '@jixiao/db/audit';
import { eq as eqId, sql } from 'drizzle-orm';
import type { DemoCity } from './generate.ts';

const {
  budgetItems,
  executionRecords,
  exAnteAssessments,
  imIdentities,
  indicatorReports,
  indicators,
  lifecycleEvents,
  orgUnits,
  performanceTargets,
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
          description: it.description,
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
    for (const [i, it] of city.items.entries()) {
      const itemId = (itemRows[i] as { id: number }).id;
      if (it.exAnte) {
        await tx.insert(exAnteAssessments).values({
          itemId,
          conclusion: it.exAnte.conclusion,
          summary: it.exAnte.summary,
          assessedBy: adminId,
        });
      }
      if (it.target) {
        const t = (
          await tx
            .insert(performanceTargets)
            .values({
              itemId,
              fiscalYear: it.currentFiscalYear,
              overallGoal: it.target.overallGoal,
              status: it.target.status,
              approvedAt:
                it.target.status === 'approved'
                  ? new Date(`${it.currentFiscalYear - 1}-12-15T02:00:00Z`)
                  : null,
              approvedBy: it.target.status === 'approved' ? adminId : null,
            })
            .returning({ id: performanceTargets.id })
        )[0] as { id: number };
        const indRows = await tx
          .insert(indicators)
          .values(it.target.indicators.map((ind, position) => ({ ...ind, targetId: t.id, itemId, position })))
          .returning({ id: indicators.id });
        for (const r of it.reports) {
          reportRows.push({
            ...r,
            indicatorId: (indRows[r.indicatorIndex] as { id: number }).id,
            itemId,
            fiscalYear: it.currentFiscalYear,
          });
        }
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
