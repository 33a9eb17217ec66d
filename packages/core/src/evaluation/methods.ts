/**
 * The evaluation methods of seed §十四 (EV-8): each a pure function an evaluation records with its
 * inputs, so the figure it gives can be checked.
 */

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** 成本效益分析法: cash flows by year from the start (year 0 undiscounted). */
export interface CostBenefitInput {
  flows: ReadonlyArray<{ year: number; costFen: number; benefitFen: number }>;
  /** Annual discount rate, e.g. 0.08. */
  discountRate: number;
}

export interface CostBenefitResult {
  presentCostFen: number;
  presentBenefitFen: number;
  netPresentValueFen: number;
  /** Benefit ÷ cost at present value (null when there is no cost). */
  benefitCostRatio: number | null;
}

export function costBenefit({ flows, discountRate }: CostBenefitInput): CostBenefitResult {
  let cost = 0;
  let benefit = 0;
  for (const f of flows) {
    const factor = (1 + discountRate) ** f.year;
    cost += f.costFen / factor;
    benefit += f.benefitFen / factor;
  }
  return {
    presentCostFen: Math.round(cost),
    presentBenefitFen: Math.round(benefit),
    netPresentValueFen: Math.round(benefit - cost),
    benefitCostRatio: cost > 0 ? round(benefit / cost) : null,
  };
}

/** 比较法: an actual value against its target, its own history and its peers. */
export interface ComparisonInput {
  actual: number;
  target?: number | null;
  history?: readonly number[];
  peers?: readonly number[];
  /** Whether a bigger value is better (default true). */
  higherIsBetter?: boolean;
}

export interface ComparisonResult {
  againstTarget: number | null;
  againstHistory: number | null;
  againstPeers: number | null;
  /** Share of peers the actual does better than (0–1). */
  peerPercentile: number | null;
}

const rel = (a: number, b: number | null | undefined) =>
  b === null || b === undefined || b === 0 ? null : round((a - b) / Math.abs(b));
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

export function compare({
  actual,
  target,
  history = [],
  peers = [],
  higherIsBetter = true,
}: ComparisonInput): ComparisonResult {
  const better = (x: number) => (higherIsBetter ? actual > x : actual < x);
  return {
    againstTarget: rel(actual, target),
    againstHistory: rel(actual, mean(history)),
    againstPeers: rel(actual, mean(peers)),
    peerPercentile: peers.length ? round(peers.filter(better).length / peers.length) : null,
  };
}

/**
 * 因素分析法 (连环替代法): the gap between a planned and an actual product of factors
 * (e.g. cost = quantity × unit price), split into each factor's contribution by replacing the
 * factors one at a time in the given order. The contributions add up to the gap.
 */
export function factorAnalysis(factors: ReadonlyArray<{ name: string; planned: number; actual: number }>): {
  planned: number;
  actual: number;
  gap: number;
  contributions: Array<{ name: string; contribution: number }>;
} {
  const product = (xs: readonly number[]) => xs.reduce((p, x) => p * x, 1);
  const values = factors.map((f) => f.planned);
  const planned = product(values);
  let previous = planned;
  const contributions = factors.map((f, i) => {
    values[i] = f.actual;
    const now = product(values);
    const contribution = round(now - previous, 2);
    previous = now;
    return { name: f.name, contribution };
  });
  return {
    planned: round(planned, 2),
    actual: round(previous, 2),
    gap: round(previous - planned, 2),
    contributions,
  };
}

/** 公众评判法: survey answers on a 1–5 scale (4 and 5 count as satisfied). */
export function publicJudgement(answers: readonly number[]): {
  responses: number;
  satisfiedShare: number | null;
  meanScore: number | null;
  /** Half-width of the 95% confidence interval of the satisfied share. */
  marginOfError: number | null;
} {
  const valid = answers.filter((a) => Number.isInteger(a) && a >= 1 && a <= 5);
  const n = valid.length;
  if (n === 0) return { responses: 0, satisfiedShare: null, meanScore: null, marginOfError: null };
  const p = valid.filter((a) => a >= 4).length / n;
  return {
    responses: n,
    satisfiedShare: round(p),
    meanScore: round(valid.reduce((s, a) => s + a, 0) / n, 2),
    marginOfError: round(1.96 * Math.sqrt((p * (1 - p)) / n)),
  };
}

/** 标杆管理法: like items across regions ranked by unit cost (lower better) and result (higher better). */
export function benchmark<T extends { id: number; unitCost: number; result: number }>(
  items: readonly T[],
): Array<T & { costRank: number; resultRank: number; benchmark: boolean; costGapToBest: number }> {
  const byCost = [...items].sort((a, b) => a.unitCost - b.unitCost);
  const byResult = [...items].sort((a, b) => b.result - a.result);
  const best = byCost[0]?.unitCost ?? 0;
  const rankOf = (list: readonly T[], id: number) => list.findIndex((x) => x.id === id) + 1;
  const topResult = byResult[0]?.result;
  return items.map((i) => ({
    ...i,
    costRank: rankOf(byCost, i.id),
    resultRank: rankOf(byResult, i.id),
    benchmark: i.unitCost === best && i.result === topResult,
    costGapToBest: best > 0 ? round((i.unitCost - best) / best) : 0,
  }));
}
