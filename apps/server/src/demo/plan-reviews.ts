import {
  describeTarget,
  diffTargetContent,
  type QualityIndicator,
  qualityMessage,
  type TargetVersionKind,
  type TargetVersionStatus,
  targetQualityFindings,
} from '@jixiao/core';
import type { DemoIndicator, DemoItem } from './generate.ts';
import { CRITERIA_MET, daysBefore, eventOn, orgOf, type PlanContext, pad } from './plan-context.ts';
import { stretch } from './plan-indicators.ts';
import type { DemoTargetContent, DemoTargetVersion } from './workflows.ts';

const RETURN_OPINIONS = [
  '部分指标未细化量化、目标值依据不足，请按逐项意见修改后重新报送。',
  '绩效目标与项目资金规模不匹配，产出指标偏低，请结合成本测算调整。',
  '效益指标与项目产出关联不紧密，请补充测算依据后重新报送。',
];

/** A comment a reviewer would write on an indicator, for its kind. */
function commentFor(ind: DemoIndicator): string {
  if (ind.operator === 'qualitative') return `“${ind.name}”为定性表述，请细化为可考核的量化指标`;
  if (ind.level1 === 'satisfaction') return `请明确“${ind.name}”的调查方式、样本量和计算口径`;
  if (ind.level2 === 'cost') return `“${ind.name}”请补充单位成本测算依据或同类项目成本对比`;
  const target = describeTarget({ ...ind, unit: ind.unit });
  if (ind.level1 === 'benefit') return `“${ind.name}”目标值${target}依据不足，请补充测算过程`;
  return `“${ind.name}”目标值${target}偏低，与资金规模不匹配，请结合单位成本核定`;
}

/** Quality findings of a target as the submission check records them (library ranges; flags only here). */
function qualityOf(
  p: PlanContext,
  item: DemoItem,
  content: DemoTargetContent,
  fiscalYear: number | null,
): DemoTargetVersion['quality'] {
  const lines = (c: DemoTargetContent): QualityIndicator[] =>
    c.indicators.map((ind, position) => ({
      position,
      name: ind.name,
      level1: ind.level1,
      level2: ind.level2,
      operator: ind.operator,
      targetValue: ind.targetValue,
      targetMin: ind.targetMin,
      targetMax: ind.targetMax,
      unit: ind.unit,
      weight: ind.weight,
      libraryIndicatorId: ind.libraryKey ? (p.libraryIds.get(ind.libraryKey) ?? null) : null,
    }));
  const indicators = lines(content);
  const findings = targetQualityFindings(
    { fiscalYear, indicators },
    {
      item: {
        sector: item.librarySector ?? null,
        isCapitalConstruction: item.isCapitalConstruction ?? false,
        fiscalYearStart: item.fiscalYearStart,
        fiscalYearEnd: item.fiscalYearEnd,
      },
      library: p.libraryRanges,
      history: [],
      cycle: item.cycleTarget ? { fiscalYear: null, indicators: lines(item.cycleTarget) } : null,
    },
    p.config,
  );
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    position: f.position,
    message: qualityMessage(f, { indicators }, p.config),
  }));
}

function copyContent(t: { overallGoal: string; indicators: DemoIndicator[] }): DemoTargetContent {
  return { overallGoal: t.overallGoal, indicators: t.indicators.map((i) => ({ ...i })) };
}

/** The content as it was before the officer answered a return: the commented indicator's value lower. */
function beforeFix(content: DemoTargetContent, index: number): DemoTargetContent {
  const earlier = copyContent(content);
  const ind = earlier.indicators[index] as DemoIndicator;
  if (ind.targetValue !== null && ind.unit !== '%')
    ind.targetValue = Math.max(1, Math.round(ind.targetValue * 0.7));
  else if (ind.operator === 'qualitative') ind.targetText = '按要求完成';
  else earlier.overallGoal = earlier.overallGoal.replace(/，.*$/, '。');
  return earlier;
}

function commentIndex(content: DemoTargetContent): number {
  const i = content.indicators.findIndex(
    (x) => x.level1 === 'output' && x.operator !== 'qualitative' && x.unit !== '%',
  );
  return Math.max(i, 0);
}

function returnedReview(p: PlanContext, content: DemoTargetContent, index: number) {
  const ind = content.indicators[index] as DemoIndicator;
  return {
    criteria: {
      specific: { met: true },
      quantified: {
        met: ind.operator !== 'qualitative',
        ...(ind.operator === 'qualitative' ? { note: '存在定性指标' } : {}),
      },
      feasible: { met: true },
      matched: { met: false, note: '目标值与资金规模不匹配' },
    },
    comments: [{ indicator: ind.name, comment: commentFor(ind) }],
    opinion: p.rng.pick(RETURN_OPINIONS),
  };
}

interface VersionStep {
  status: TargetVersionStatus;
  content: DemoTargetContent;
  kind?: TargetVersionKind;
  reason?: string;
  on: string;
  reviewedOn?: string;
}

/** Builds an item target's versions (an annual one, or the whole-cycle one with `fiscalYear` null) from the steps its review went through. */
function versions(
  p: PlanContext,
  item: DemoItem,
  steps: readonly VersionStep[],
  fiscalYear: number | null = item.currentFiscalYear,
): DemoTargetVersion[] {
  const region = orgOf(p.city, item.orgKey).regionKey;
  const officer = p.people.officer(item.orgKey);
  const admin = p.people.financeAdmin(region);
  const out: DemoTargetVersion[] = [];
  for (const [i, s] of steps.entries()) {
    const base = [...out].reverse().find((v) => v.status !== 'submitted') ?? null;
    const review = s.status === 'returned' ? returnedReview(p, s.content, commentIndex(s.content)) : null;
    out.push({
      version: i + 1,
      kind: s.kind ?? 'initial',
      status: s.status,
      content: s.content,
      changes: base ? { ...diffTargetContent(base.content, s.content), since: base.version } : null,
      quality: qualityOf(p, item, s.content, fiscalYear),
      reason: s.reason ?? null,
      submittedByKey: officer.key,
      submittedOn: s.on,
      reviewedByKey: s.status === 'submitted' ? null : admin.key,
      reviewedOn: s.status === 'submitted' ? null : (s.reviewedOn ?? s.on),
      criteria: s.status === 'approved' ? CRITERIA_MET : (review?.criteria ?? null),
      comments: review?.comments ?? [],
      opinion: s.status === 'approved' ? '同意。' : (review?.opinion ?? null),
      effectiveFrom: s.status === 'approved' ? (s.reviewedOn ?? s.on) : null,
      effectiveTo: null,
      approvalKey: null,
    });
  }
  // An approved version stays in force until the next approved one starts.
  const approved = out.filter((v) => v.status === 'approved');
  for (const [i, v] of approved.entries()) v.effectiveTo = approved[i + 1]?.effectiveFrom ?? null;
  return out;
}

/** Re-splits the weights inside each level-1 heading (sums unchanged): the kind of change an adjustment makes. */
function reweighted(content: DemoTargetContent, goal: string): DemoTargetContent {
  const next = copyContent(content);
  next.overallGoal = goal;
  const outputs = next.indicators.filter((i) => i.level1 === 'output' || i.level1 === 'cost');
  if (outputs.length >= 2) {
    const [a, b] = outputs as [DemoIndicator, DemoIndicator];
    const shift = Math.min(5, b.weight - 1);
    a.weight += shift;
    b.weight -= shift;
  }
  return next;
}

/** Whether a draft item may send targets as far as its ex-ante assessment goes (EA-2). */
function exAnteOpen(item: DemoItem): boolean {
  if (!item.isNewMajor && !item.assessment) return true;
  return item.assessment?.status === 'accepted' && item.assessment.conclusion !== 'reject';
}

/** A submission the bureau returned, in the item's lifecycle before what followed it. */
function addReturnRound(item: DemoItem, on: string, reviewedOn: string): void {
  const next = item.events.findIndex((e) => e.action === 'submit_targets');
  const state = next >= 0 ? (item.events[next] as DemoItem['events'][number]).from : item.state;
  const round = [
    { action: 'submit_targets' as const, from: state, to: 'targets_submitted' as const, on, reason: null },
    {
      action: 'return_targets' as const,
      from: 'targets_submitted' as const,
      to: state,
      on: reviewedOn,
      reason: '绩效目标未通过审核，退回修改',
    },
  ];
  item.events.splice(next >= 0 ? next : item.events.length, 0, ...round);
}

/** Multi-year items carry their whole-cycle target, reviewed before the annual one. */
export function planCycleTargets(p: PlanContext): void {
  const { city } = p;
  // Multi-year items carry their whole-cycle target, reviewed before the annual one.
  for (const item of city.items) {
    if (!item.target || item.fiscalYearStart >= item.fiscalYearEnd) continue;
    const years = item.fiscalYearEnd - item.fiscalYearStart + 1;
    const cycle = copyContent(item.target);
    cycle.overallGoal = `实施期（${item.fiscalYearStart}–${item.fiscalYearEnd}年）内${cycle.overallGoal}`;
    for (const ind of cycle.indicators) {
      if (
        ind.level2 === 'quantity' &&
        ind.operator === 'gte' &&
        ind.targetValue !== null &&
        ind.unit !== '%'
      ) {
        ind.targetValue *= years;
      }
    }
    const status = item.target.status === 'returned' ? 'approved' : item.target.status;
    item.cycleTarget = { ...cycle, status };
    const submitOn = daysBefore(eventOn(item, 'submit_targets') ?? `${item.currentFiscalYear - 1}-11-25`, 10);
    const approveOn = eventOn(item, 'approve_targets');
    if (status === 'submitted')
      item.cycleVersions = versions(p, item, [{ status: 'submitted', content: cycle, on: submitOn }], null);
    if (status === 'approved') {
      const reviewedOn = daysBefore(approveOn ?? `${item.currentFiscalYear - 1}-12-01`, 5);
      item.cycleVersions = versions(
        p,
        item,
        [{ status: 'approved', content: cycle, on: submitOn, reviewedOn }],
        null,
      );
    }
  }
}

/** Target reviews: returns with comments and the resubmissions that answer them, adjustments during the year. */
export function planTargetReviews(p: PlanContext): void {
  const { city, rng } = p;
  // Target reviews: returns with comments and the resubmissions that answer them, adjustments during the year.
  let returnedDrafts = 0;
  let adjustments = 0;
  let stretched = 0;
  for (const item of city.items) {
    const target = item.target;
    if (!target) continue;
    const y = item.currentFiscalYear;
    const current = copyContent(target);
    const submitOn = eventOn(item, 'submit_targets') ?? `${y - 1}-11-25`;
    const approveOn = eventOn(item, 'approve_targets');
    const steps: VersionStep[] = [];
    if (rng.chance(0.25) && (item.state === 'targets_submitted' || approveOn)) {
      const returned = {
        status: 'returned' as const,
        content: beforeFix(current, commentIndex(current)),
        on: daysBefore(submitOn, 12),
        reviewedOn: daysBefore(submitOn, 5),
      };
      steps.push(returned);
      addReturnRound(item, returned.on, returned.reviewedOn);
    }
    if (item.state === 'targets_submitted') {
      // Stretched beyond the library's range (flagged at review), within a single year: a multi-year
      // item's annual value stays inside its whole-cycle target.
      if (stretched < 3 && item.fiscalYearStart === item.fiscalYearEnd && stretch(current)) {
        stretched++;
        target.indicators = current.indicators;
      }
      steps.push({ status: 'submitted', content: current, on: submitOn });
    } else if (target.status === 'approved' && approveOn) {
      steps.push({ status: 'approved', content: current, on: submitOn, reviewedOn: approveOn });
      const adjustOn = `${y}-${pad(rng.int(6, 9))}-${pad(rng.int(1, 20))}`;
      if (item.state === 'executing' && y === city.fiscalYear && adjustments < 8 && adjustOn < city.asOf) {
        const approve = adjustments % 2 === 1;
        adjustments++;
        const next = reweighted(
          current,
          `${current.overallGoal.replace(/。$/, '')}，${approve ? '并同步完善配套设施' : '部分内容顺延至下一年度'}。`,
        );
        steps.push({
          status: approve ? 'approved' : 'submitted',
          kind: 'adjustment',
          reason: approve
            ? '实施方案优化，调整产出指标权重'
            : '受上级资金下达时间调整影响，部分建设内容顺延，申请调整指标权重和总体目标表述',
          content: next,
          on: adjustOn,
          reviewedOn: daysBefore(adjustOn, -7),
        });
        if (approve) {
          target.overallGoal = next.overallGoal;
          target.indicators = next.indicators;
        }
      }
    } else if (
      (item.state === 'draft' || item.state === 'assessed') &&
      item.fiscalYearStart === item.fiscalYearEnd &&
      returnedDrafts < 8 &&
      exAnteOpen(item)
    ) {
      returnedDrafts++;
      target.status = 'returned';
      const on = `${y - 1}-11-${pad(20 + (returnedDrafts % 8))}`;
      const reviewedOn = `${y - 1}-12-${pad(1 + returnedDrafts)}`;
      steps.push({ status: 'returned', content: current, on, reviewedOn });
      addReturnRound(item, on, reviewedOn);
    }
    if (steps.length > 0) item.targetVersions = versions(p, item, steps);
  }
}
