import { type Fen, formatWanYuan } from '../money.ts';
import { GRADES, type Grade } from '../vocabulary.ts';
import type { ResultApplicationConfig } from './config.ts';

/** One item of a department as its results stand at the end of the year. */
export interface ItemResult {
  itemId: number;
  name: string;
  /** This year's amount the proposal starts from (the item's budget, in fen). */
  amountFen: Fen;
  /** The item's final grade (after review, spot check or key evaluation), if it was evaluated. */
  grade: Grade | null;
  /** A distortion or finding on the item is still not rectified. */
  unrectified: boolean;
}

export interface ProposalLine {
  itemId: number;
  name: string;
  baseFen: Fen;
  grade: Grade | null;
  /** The cut as basis points of the base. */
  cutBp: number;
  cutFen: Fen;
  proposedFen: Fen;
  /** 优: to be secured first. */
  priority: boolean;
  flags: Array<'unrectified' | 'not_evaluated'>;
  /** Why, in the words the department reads (each names the rule). */
  reasons: string[];
}

export interface DepartmentProposal {
  lines: ProposalLine[];
  baseFen: Fen;
  itemsCutFen: Fen;
  /** The department-wide evaluation's adjustment of the total, basis points (negative: a cut). */
  departmentAdjustmentBp: number;
  departmentAdjustmentFen: Fen;
  proposedFen: Fen;
  reasons: string[];
}

const toBp = (share: number) => Math.round(share * 10_000);

/** `amount × bp / 10000`, rounded half away from zero, in integers (exact for any fen amount). */
export function applyBp(amount: Fen, bp: number): Fen {
  const product = BigInt(amount) * BigInt(bp);
  const half = product >= 0n ? 5_000n : -5_000n;
  return Number((product + half) / 10_000n);
}

const pct = (bp: number) => `${Math.abs(bp) / 100}%`;

/** The configured cuts in basis points: 中, 差, and the further cut while unrectified (JX-2, EV-11). */
export function cutSharesBp(cfg: ResultApplicationConfig): {
  fairBp: number;
  poorBp: number;
  extraBp: number;
} {
  return {
    fairBp: toBp(cfg.cutForFair),
    poorBp: toBp(cfg.cutForPoor),
    extraBp: toBp(cfg.extraCutUnrectified),
  };
}

/** Why a line was cut or kept, in the words the department reads (each names the rule). */
export function proposalLineReasons(l: {
  grade: Grade | null;
  gradeCutBp: number;
  extraCutBp: number;
  unrectified: boolean;
}): string[] {
  const reasons: string[] = [];
  if (l.grade === null) {
    reasons.push('本年度无评价结果，按原数安排，待评价后调整');
  } else if (l.gradeCutBp > 0) {
    reasons.push(
      `绩效评价为“${GRADES.labels[l.grade]}”，扣减下年度预算控制数${pct(l.gradeCutBp)}（景党发〔2019〕18号§十，JX-2）`,
    );
  } else if (l.grade === 'excellent') {
    reasons.push('绩效评价为“优”，原则上优先保障（EV-11）');
  }
  if (l.unrectified) {
    reasons.push(`评价发现的问题尚未整改到位，再扣减${pct(l.extraCutBp)}（EV-11：未整改的进一步扣减）`);
  }
  return reasons;
}

/** Why the department's total moved: its department-wide grade and the items' cuts. */
export function proposalReasons(p: {
  departmentGrade: Grade | null;
  departmentAdjustmentBp: number;
  departmentAdjustmentFen: Fen;
  itemsCutFen: Fen;
}): string[] {
  const reasons: string[] = [];
  if (p.departmentGrade !== null && p.departmentAdjustmentBp !== 0) {
    reasons.push(
      `部门整体绩效评价为“${GRADES.labels[p.departmentGrade]}”，部门预算${p.departmentAdjustmentBp > 0 ? '增加' : '核减'}${pct(p.departmentAdjustmentBp)}（${formatWanYuan(Math.abs(p.departmentAdjustmentFen))}，景党发〔2019〕18号§十六）`,
    );
  }
  if (p.itemsCutFen > 0) reasons.push(`项目扣减合计${formatWanYuan(p.itemsCutFen)}`);
  return reasons;
}

function cutFor(grade: Grade | null, cfg: ResultApplicationConfig): number {
  if (grade === 'poor') return toBp(cfg.cutForPoor);
  if (grade === 'fair') return toBp(cfg.cutForFair);
  return 0;
}

/**
 * Next year's control-number proposal for one department (JX-2, EV-11; seed §十, §十六): items
 * graded 中(一般) or 差 are cut by the configured shares, a further cut while their findings stay
 * unrectified, 优 marked for priority; the department-wide evaluation then adjusts the total.
 * Pure: the what-if is this function with other numbers.
 */
export function proposeControlNumbers(
  items: readonly ItemResult[],
  departmentGrade: Grade | null,
  cfg: ResultApplicationConfig,
): DepartmentProposal {
  const lines = items.map((item): ProposalLine => {
    const flags: ProposalLine['flags'] = [];
    const gradeCut = cutFor(item.grade, cfg);
    if (item.grade === null) flags.push('not_evaluated');
    const extra = item.unrectified ? toBp(cfg.extraCutUnrectified) : 0;
    if (item.unrectified) flags.push('unrectified');
    const reasons = proposalLineReasons({
      grade: item.grade,
      gradeCutBp: gradeCut,
      extraCutBp: extra,
      unrectified: item.unrectified,
    });
    const cutBp = Math.min(gradeCut + extra, 10_000);
    const cutFen = applyBp(item.amountFen, cutBp);
    return {
      itemId: item.itemId,
      name: item.name,
      baseFen: item.amountFen,
      grade: item.grade,
      cutBp,
      cutFen,
      proposedFen: item.amountFen - cutFen,
      priority: item.grade === 'excellent' && !item.unrectified,
      flags,
      reasons,
    };
  });
  const baseFen = lines.reduce((s, l) => s + l.baseFen, 0);
  const itemsCutFen = lines.reduce((s, l) => s + l.cutFen, 0);
  const subtotal = baseFen - itemsCutFen;
  const departmentAdjustmentBp =
    departmentGrade === null ? 0 : toBp(cfg.departmentAdjustment[departmentGrade]);
  const departmentAdjustmentFen = applyBp(subtotal, departmentAdjustmentBp);
  const reasons = proposalReasons({
    departmentGrade,
    departmentAdjustmentBp,
    departmentAdjustmentFen,
    itemsCutFen,
  });
  return {
    lines,
    baseFen,
    itemsCutFen,
    departmentAdjustmentBp,
    departmentAdjustmentFen,
    proposedFen: subtotal + departmentAdjustmentFen,
    reasons,
  };
}
