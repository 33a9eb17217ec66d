import { GRADES, type Grade, NotFoundError, proposalLineReasons, proposalReasons } from '@jixiao/core';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, permissionsAt } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { budgetItems, budgetProposalLines, budgetProposals, orgUnits, users } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

export interface ProposalLineView {
  item: { id: number; code: string; name: string; responsiblePerson: string };
  baseFen: number;
  grade: Grade | null;
  gradeLabel: string | null;
  cutBp: number;
  cutFen: number;
  /** As computed by the rule. */
  computedFen: number;
  /** What stands: the bureau's override, or the computed figure. */
  proposedFen: number;
  priority: boolean;
  unrectified: boolean;
  distortion: boolean;
  override: { fen: number; reason: string; by: string | null; at: Date } | null;
  reasons: string[];
}

export interface ProposalView {
  id: number;
  department: { id: number; name: string };
  fiscalYear: number;
  basisYear: number;
  status: 'draft' | 'issued';
  statusLabel: string;
  cutShares: { fairBp: number; poorBp: number; extraBp: number };
  departmentGrade: Grade | null;
  departmentAdjustmentBp: number;
  departmentAdjustmentFen: number;
  baseFen: number;
  itemsCutFen: number;
  /** Net change of the lines the bureau overrode (override − computed). */
  overridesFen: number;
  /** The department's control number: computed total plus the overrides. */
  proposedFen: number;
  reasons: string[];
  computedAt: Date;
  issuedAt: Date | null;
  lines?: ProposalLineView[];
}

type Header = typeof budgetProposals.$inferSelect & { orgName: string; orgPath: string; overrides: number };

/** A draft is the finance bureau's working paper: only who may apply results there sees it. */
function visible(actor: Actor, h: { status: string; orgPath: string }): boolean {
  return h.status === 'issued' || permissionsAt(actor, h.orgPath).includes('results.apply');
}

async function headers(db: DbOrTx, actor: Actor, where: SQL[]): Promise<Header[]> {
  const rows = await db
    .select({
      p: budgetProposals,
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
      overrides: sql<string>`coalesce((select sum(l.override_fen - l.proposed_fen) from budget_proposal_lines l
        where l.proposal_id = ${budgetProposals.id} and l.override_fen is not null), 0)`,
    })
    .from(budgetProposals)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetProposals.orgUnitId))
    .where(and(orgInScope(actor), ...where))
    .orderBy(asc(orgUnits.code), asc(budgetProposals.id));
  return rows
    .map((r) => ({ ...r.p, orgName: r.orgName, orgPath: r.orgPath, overrides: Number(r.overrides) }))
    .filter((h) => visible(actor, h));
}

function view(h: Header): ProposalView {
  return {
    id: h.id,
    department: { id: h.orgUnitId, name: h.orgName },
    fiscalYear: h.fiscalYear,
    basisYear: h.basisYear,
    status: h.status,
    statusLabel: h.status === 'issued' ? '已下达' : '待审核',
    cutShares: { fairBp: h.cutFairBp, poorBp: h.cutPoorBp, extraBp: h.extraCutBp },
    departmentGrade: h.departmentGrade,
    departmentAdjustmentBp: h.departmentAdjustmentBp,
    departmentAdjustmentFen: h.departmentAdjustmentFen,
    baseFen: h.baseFen,
    itemsCutFen: h.itemsCutFen,
    overridesFen: h.overrides,
    proposedFen: h.proposedFen + h.overrides,
    reasons: [
      ...proposalReasons({
        departmentGrade: h.departmentGrade,
        departmentAdjustmentBp: h.departmentAdjustmentBp,
        departmentAdjustmentFen: h.departmentAdjustmentFen,
        itemsCutFen: h.itemsCutFen,
      }),
      ...(h.overrides !== 0 ? ['财政部门审核调整了部分项目（见各行理由）'] : []),
    ],
    computedAt: h.computedAt,
    issuedAt: h.issuedAt,
  };
}

export interface ProposalFilter {
  fiscalYear?: number;
  orgUnitId?: number;
}

/** Proposals in the actor's scope (departments see theirs once issued). */
export async function listProposals(db: DbOrTx, actor: Actor, f: ProposalFilter): Promise<ProposalView[]> {
  const where: SQL[] = [];
  if (f.fiscalYear !== undefined) where.push(eq(budgetProposals.fiscalYear, f.fiscalYear));
  if (f.orgUnitId !== undefined) where.push(eq(budgetProposals.orgUnitId, f.orgUnitId));
  return (await headers(db, actor, where)).map(view);
}

/** One proposal with its lines and the reasons for each (cuts first, then priorities). */
export async function getProposal(db: DbOrTx, actor: Actor, id: number): Promise<ProposalView> {
  const [h] = await headers(db, actor, [eq(budgetProposals.id, id)]);
  if (!h) throw new NotFoundError(`预算安排建议 ${id} 不存在或不在您的数据范围内`, { proposalId: id });
  const rows = await db
    .select({
      l: budgetProposalLines,
      code: budgetItems.code,
      name: budgetItems.name,
      person: budgetItems.responsiblePerson,
      by: users.name,
    })
    .from(budgetProposalLines)
    .innerJoin(budgetItems, eq(budgetItems.id, budgetProposalLines.itemId))
    .leftJoin(users, eq(users.id, budgetProposalLines.overriddenBy))
    .where(eq(budgetProposalLines.proposalId, id))
    .orderBy(
      sql`${budgetProposalLines.cutBp} desc`,
      sql`${budgetProposalLines.priority} desc`,
      asc(budgetItems.code),
    );
  const lines = rows.map(({ l, code, name, person, by }): ProposalLineView => {
    const reasons = proposalLineReasons({
      grade: l.grade,
      gradeCutBp: l.gradeCutBp,
      extraCutBp: l.extraCutBp,
      unrectified: l.unrectified,
    });
    if (l.distortion) reasons.push('自评结果经抽查认定失真');
    const override =
      l.overrideFen === null
        ? null
        : { fen: l.overrideFen, reason: l.overrideReason ?? '', by, at: l.overriddenAt as Date };
    if (override) reasons.push(`财政部门审核调整：${override.reason}`);
    return {
      item: { id: l.itemId, code, name, responsiblePerson: person },
      baseFen: l.baseFen,
      grade: l.grade,
      gradeLabel: l.grade ? GRADES.labels[l.grade] : null,
      cutBp: l.cutBp,
      cutFen: l.cutFen,
      computedFen: l.proposedFen,
      proposedFen: l.overrideFen ?? l.proposedFen,
      priority: l.priority,
      unrectified: l.unrectified,
      distortion: l.distortion,
      override,
      reasons,
    };
  });
  return { ...view(h), lines };
}
