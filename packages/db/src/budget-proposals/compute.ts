import { cutSharesBp, type ResultApplicationConfig } from '@jixiao/core';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { queryRows, type Tx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { budgetProposalLines, budgetProposals } from '../schema/index.ts';
import { departmentTotalsSql, proposalLinesSql } from './lines-sql.ts';

const WORK = 'proposal_work_lines';
/** Serialises computations (they share the work table's name). */
const LOCK_KEY = 0x6a78_7072; // "jxpr"

export interface ComputeResult {
  fiscalYear: number;
  basisYear: number;
  departments: number;
  lines: number;
  /** Departments whose proposal was already issued and was left as it is. */
  skippedIssued: number;
}

/**
 * 编制预算安排建议 (JX-2, EV-11): next year's control-number proposals for every department in the
 * actor's scope from `basisYear`'s results, set-based over the whole region. Drafts are replaced
 * (the bureau's overrides on lines that remain are kept); issued proposals are left alone.
 */
export async function computeProposals(
  platform: Platform,
  actor: Actor,
  input: { basisYear: number },
): Promise<ComputeResult> {
  // Proposals are written where the permission reaches, not where the actor may read.
  const scope = requirePermission(actor, 'results.apply');
  const cfg: ResultApplicationConfig = platform.config.resultApplication;
  const year = input.basisYear;
  const target = year + 1;
  return platform.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    // The planner's guesses make these statements look huge; compiling them costs more than running them.
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql.raw(`drop table if exists ${WORK}`));
    await tx.execute(sql`create unlogged table ${sql.raw(WORK)} as ${proposalLinesSql(year, scope, cfg)}`);
    const issued = await queryRows<{ id: number; org_unit_id: number }>(
      tx,
      sql`select p.id, p.org_unit_id from budget_proposals p
           where p.fiscal_year = ${target}::int and p.status = 'issued'
             and p.org_unit_id in (select distinct dept_id from ${sql.raw(WORK)})`,
    );
    await tx.execute(
      sql`delete from ${sql.raw(WORK)} w where w.dept_id in (select p.org_unit_id from budget_proposals p
            where p.fiscal_year = ${target}::int and p.status = 'issued')`,
    );
    const overrides = await keptOverrides(tx, target);
    await tx.execute(
      sql`delete from budget_proposals p where p.fiscal_year = ${target}::int and p.status = 'draft'
            and p.org_unit_id in (select distinct dept_id from ${sql.raw(WORK)})`,
    );
    const cut = cutSharesBp(cfg);
    const now = platform.now();
    const inserted = await queryRows<{ id: number }>(
      tx,
      sql`insert into budget_proposals (org_unit_id, fiscal_year, basis_year, status, cut_fair_bp, cut_poor_bp,
            extra_cut_bp, department_grade, department_adjustment_bp, base_fen, items_cut_fen,
            department_adjustment_fen, proposed_fen, computed_at)
          select t.dept_id, ${target}::int, ${year}::int, 'draft', ${cut.fairBp}::int, ${cut.poorBp}::int,
                 ${cut.extraBp}::int, t.dept_grade, t.adj_bp, t.base_fen, t.items_cut_fen, t.adj_fen,
                 t.proposed_fen, ${now.toISOString()}::timestamptz
            from (${departmentTotalsSql(sql.raw(WORK), year, cfg)}) t
          returning id`,
    );
    const lines = await queryRows<{ n: number }>(
      tx,
      sql`with ins as (insert into budget_proposal_lines (proposal_id, item_id, base_fen, grade, grade_cut_bp,
            extra_cut_bp, cut_bp, cut_fen, proposed_fen, priority, unrectified, distortion)
          select p.id, w.item_id, w.base_fen, w.grade, w.grade_cut_bp, w.extra_cut_bp, w.cut_bp, w.cut_fen,
                 w.base_fen - w.cut_fen, w.priority, w.unrectified, w.distortion
            from ${sql.raw(WORK)} w
            join budget_proposals p on p.org_unit_id = w.dept_id and p.fiscal_year = ${target}::int
          returning 1) select count(*)::int as n from ins`,
    );
    await tx.execute(sql.raw(`drop table ${WORK}`));
    for (const o of overrides) {
      await tx
        .update(budgetProposalLines)
        .set({
          overrideFen: o.overrideFen,
          overrideReason: o.overrideReason,
          overriddenBy: o.overriddenBy,
          overriddenAt: o.overriddenAt,
        })
        .where(
          and(
            eq(budgetProposalLines.itemId, o.itemId),
            inArray(
              budgetProposalLines.proposalId,
              tx
                .select({ id: budgetProposals.id })
                .from(budgetProposals)
                .where(
                  and(eq(budgetProposals.orgUnitId, o.orgUnitId), eq(budgetProposals.fiscalYear, target)),
                ),
            ),
          ),
        );
    }
    const result: ComputeResult = {
      fiscalYear: target,
      basisYear: year,
      departments: inserted.length,
      lines: Number(lines[0]?.n ?? 0),
      skippedIssued: issued.length,
    };
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'budget_proposal.compute',
          entityType: 'budget_proposal',
          entityId: target,
          after: { ...result, cut, keptOverrides: overrides.length, scope },
        },
      ],
      now,
    );
    return result;
  });
}

async function keptOverrides(tx: Tx, target: number) {
  return tx
    .select({
      orgUnitId: budgetProposals.orgUnitId,
      itemId: budgetProposalLines.itemId,
      overrideFen: budgetProposalLines.overrideFen,
      overrideReason: budgetProposalLines.overrideReason,
      overriddenBy: budgetProposalLines.overriddenBy,
      overriddenAt: budgetProposalLines.overriddenAt,
    })
    .from(budgetProposalLines)
    .innerJoin(budgetProposals, eq(budgetProposals.id, budgetProposalLines.proposalId))
    .where(
      and(
        eq(budgetProposals.fiscalYear, target),
        eq(budgetProposals.status, 'draft'),
        isNotNull(budgetProposalLines.overrideFen),
      ),
    );
}
