import { seededRandom } from '../seeded-random.ts';
import type { EvaluationConfig } from './config.ts';

/** A self-evaluation that may be drawn for a spot check. */
export interface SampleCandidate {
  id: number;
  departmentId: number;
  amountFen: number;
  isSpecialTransfer: boolean;
  selfGrade: 'excellent' | 'good' | 'fair' | 'poor' | null;
  /** Execution rate in basis points. */
  executionRateBp: number;
  /** The stateless check found problems in the table as submitted. */
  hasCheckProblems: boolean;
}

export type DrawReason = 'special_transfer' | 'excellent_low_execution' | 'check_problems' | 'random';

export interface Drawn {
  id: number;
  reason: DrawReason;
}

function mandatory(c: SampleCandidate, cfg: EvaluationConfig['spotCheck']): DrawReason | null {
  if (c.isSpecialTransfer && c.amountFen >= cfg.specialTransferAboveFen) return 'special_transfer';
  if (c.selfGrade === 'excellent' && c.executionRateBp < Math.round(cfg.excellentBelowExecution * 10_000))
    return 'excellent_low_execution';
  if (c.hasCheckProblems) return 'check_problems';
  return null;
}

/**
 * 抽查 (seed §九): the configured categories always, then a share of the rest drawn at random
 * within strata (department × the department's lower or upper half by amount), so every
 * department and both small and large items are represented. The same candidates and seed give
 * the same sample.
 */
export function drawSpotCheckSample(
  candidates: readonly SampleCandidate[],
  seed: number,
  cfg: EvaluationConfig['spotCheck'],
): Drawn[] {
  const drawn: Drawn[] = [];
  const rest: SampleCandidate[] = [];
  for (const c of [...candidates].sort((a, b) => a.id - b.id)) {
    const reason = mandatory(c, cfg);
    if (reason) drawn.push({ id: c.id, reason });
    else rest.push(c);
  }
  const strata = new Map<string, SampleCandidate[]>();
  const byDept = new Map<number, SampleCandidate[]>();
  for (const c of rest) byDept.set(c.departmentId, [...(byDept.get(c.departmentId) ?? []), c]);
  for (const [dept, list] of [...byDept].sort((a, b) => a[0] - b[0])) {
    const sorted = [...list].sort((a, b) => a.amountFen - b.amountFen || a.id - b.id);
    const half = Math.ceil(sorted.length / 2);
    strata.set(`${dept}:small`, sorted.slice(0, half));
    strata.set(`${dept}:large`, sorted.slice(half));
  }
  const random = seededRandom(seed);
  for (const [, list] of strata) {
    if (list.length === 0) continue;
    const n = Math.min(list.length, Math.ceil(list.length * cfg.share));
    const pool = [...list];
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as SampleCandidate, pool[i] as SampleCandidate];
      drawn.push({ id: (pool[i] as SampleCandidate).id, reason: 'random' });
    }
  }
  return drawn.sort((a, b) => a.id - b.id);
}
