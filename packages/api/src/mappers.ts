import { ITEM_STATES } from '@jixiao/core';
import type { ItemRow } from '@jixiao/db/items';
import type { executionRecords, lifecycleEvents, VersionContent } from '@jixiao/db/schema';
import type { ReportRow, TargetRow } from '@jixiao/db/targets';
import { iso } from './schemas.ts';

export function itemJson(r: ItemRow) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    fundTypeId: r.fundTypeId,
    orgUnit: r.orgUnit,
    fiscalYearStart: r.fiscalYearStart,
    fiscalYearEnd: r.fiscalYearEnd,
    currentFiscalYear: r.currentFiscalYear,
    approvedAmountFen: r.approvedAmountFen,
    responsiblePerson: r.responsiblePerson,
    isNewMajor: r.isNewMajor,
    isSpecialTransfer: r.isSpecialTransfer,
    isNew: r.isNew,
    isCapitalConstruction: r.isCapitalConstruction,
    sector: r.sector,
    description: r.description,
    functionalSubject: r.functionalSubject,
    attributes: r.attributes,
    state: r.state,
    stateLabel: ITEM_STATES.labels[r.state],
    version: r.version,
    paidFen: r.paidFen,
    executionRateBp: r.executionRateBp,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function reportJson(r: ReportRow) {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

export function targetJson(t: TargetRow) {
  return {
    ...t,
    approvedAt: iso(t.approvedAt),
    indicators: t.indicators.map((i) => ({
      ...i,
      latestReport: i.latestReport ? reportJson(i.latestReport) : null,
    })),
  };
}

export function paymentJson(p: typeof executionRecords.$inferSelect) {
  return {
    id: p.id,
    itemId: p.itemId,
    fiscalYear: p.fiscalYear,
    paidOn: p.paidOn,
    amountFen: p.amountFen,
    source: p.source,
    voucherNo: p.voucherNo,
    note: p.note,
    createdAt: p.createdAt.toISOString(),
  };
}

export function eventJson(e: typeof lifecycleEvents.$inferSelect) {
  return {
    id: e.id,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    actorUserId: e.actorUserId,
    reason: e.reason,
    payload: e.payload ?? null,
    at: e.at.toISOString(),
  };
}

/** A stored target version's content as JSON: its indicator lines carry whatever fields they were stored with. */
export function contentJson(c: VersionContent): {
  overallGoal: string;
  indicators: Record<string, unknown>[];
} {
  return { overallGoal: c.overallGoal, indicators: c.indicators as unknown as Record<string, unknown>[] };
}
