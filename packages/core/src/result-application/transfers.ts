import type { Fen } from '../money.ts';
import type { ResultApplicationConfig } from './config.ts';

export interface CountyShare {
  regionId: number;
  name: string;
  /** The county's share of the pool by the transfer's own formula (need, population …), in fen. */
  formulaFen: Fen;
  /** Its comprehensive fiscal performance score (下级政府财政运行综合绩效评价), if evaluated. */
  score: number | null;
}

export interface CountyAllocation {
  regionId: number;
  name: string;
  formulaFen: Fen;
  score: number | null;
  factor: number;
  allocatedFen: Fen;
  explanation: string;
}

/** The performance factor a score earns: `min` at or below `lowScore`, `max` at or above `highScore`, linear between. */
export function transferFactor(score: number | null, cfg: ResultApplicationConfig): number {
  const t = cfg.transferFactor;
  if (score === null) return 1;
  if (score <= t.lowScore) return t.min;
  if (score >= t.highScore) return t.max;
  return (
    Math.round((t.min + ((score - t.lowScore) / (t.highScore - t.lowScore)) * (t.max - t.min)) * 10_000) /
    10_000
  );
}

/**
 * Shares a transfer pool among counties by their formula shares weighted with their fiscal
 * performance factor (seed §十六: 下级政府财政运行综合绩效与转移支付分配挂钩). Whole fen, summing to the
 * pool exactly (largest remainders).
 */
export function allocateTransfers(
  poolFen: Fen,
  counties: readonly CountyShare[],
  cfg: ResultApplicationConfig,
): CountyAllocation[] {
  const weighted = counties.map((c) => {
    const factor = transferFactor(c.score, cfg);
    return { c, factor, weight: BigInt(c.formulaFen) * BigInt(Math.round(factor * 10_000)) };
  });
  const total = weighted.reduce((s, w) => s + w.weight, 0n);
  if (total === 0n) {
    return weighted.map(({ c, factor }) => ({
      ...c,
      factor,
      allocatedFen: 0,
      explanation: '按公式分配额为零',
    }));
  }
  const pool = BigInt(poolFen);
  const shares = weighted.map((w) => ({ ...w, exact: pool * w.weight, floor: (pool * w.weight) / total }));
  let left = pool - shares.reduce((s, x) => s + x.floor, 0n);
  const order = shares
    .map((x, i) => ({ i, rem: x.exact % total }))
    .sort((p, q) => (q.rem > p.rem ? 1 : q.rem < p.rem ? -1 : p.i - q.i));
  const extra = new Set<number>();
  for (const { i } of order) {
    if (left <= 0n) break;
    extra.add(i);
    left--;
  }
  return shares.map((x, i) => ({
    regionId: x.c.regionId,
    name: x.c.name,
    formulaFen: x.c.formulaFen,
    score: x.c.score,
    factor: x.factor,
    allocatedFen: Number(x.floor + (extra.has(i) ? 1n : 0n)),
    explanation:
      x.c.score === null
        ? '尚无综合绩效评价得分，按公式份额分配（系数1）'
        : `综合绩效评价${x.c.score}分，绩效系数${x.factor}`,
  }));
}
