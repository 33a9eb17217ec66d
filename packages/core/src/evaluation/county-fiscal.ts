import type { EvaluationConfig } from './config.ts';

/** A county's fiscal facts for the year, as the system holds them (null: not reported). */
export interface CountyFiscalFacts {
  regionId: number;
  name: string;
  taxRevenueFen: number | null;
  generalBudgetRevenueFen: number | null;
  basicGuaranteesArrangedFen: number | null;
  basicGuaranteesNeededFen: number | null;
  debtBalanceFen: number | null;
  comprehensiveFinancialResourcesFen: number | null;
  treasuryCashFen: number | null;
  monthlyExpenditureFen: number | null;
  /** Budget execution rate, basis points. */
  executionRateBp: number | null;
  /** The county finance bureau's performance-management work score (0–100). */
  managementScore: number | null;
}

export interface CountyIndicatorScore {
  key: 'taxShare' | 'basicGuarantees' | 'debt' | 'treasuryCash' | 'execution' | 'management';
  name: string;
  value: string | null;
  points: number;
  score: number;
  note: string;
}

export interface CountyFiscalScore {
  regionId: number;
  name: string;
  indicators: CountyIndicatorScore[];
  total: number;
  rank: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b <= 0 ? null : a / b);

/** Points on a straight line: 0 at or below `zeroAt`, all at or above `fullAt`. */
function linear(value: number | null, points: number, zeroAt: number, fullAt: number): number {
  if (value === null) return 0;
  if (value >= fullAt) return points;
  if (value <= zeroAt) return 0;
  return round2((points * (value - zeroAt)) / (fullAt - zeroAt));
}

const pct = (x: number | null) => (x === null ? null : `${round2(x * 100)}%`);

function scoreOne(
  f: CountyFiscalFacts,
  cfg: EvaluationConfig['countyFiscal'],
): Omit<CountyFiscalScore, 'rank'> {
  const tax = ratio(f.taxRevenueFen, f.generalBudgetRevenueFen);
  const guarantees = ratio(f.basicGuaranteesArrangedFen, f.basicGuaranteesNeededFen);
  const debt = ratio(f.debtBalanceFen, f.comprehensiveFinancialResourcesFen);
  const cash = ratio(f.treasuryCashFen, f.monthlyExpenditureFen);
  const d = cfg.debt;
  const band =
    debt === null
      ? null
      : debt >= d.redFrom
        ? 'red'
        : debt >= d.orangeFrom
          ? 'orange'
          : debt >= d.yellowFrom
            ? 'yellow'
            : 'green';
  const bandLabel = { green: '绿色', yellow: '黄色', orange: '橙色', red: '红色' } as const;
  const missing = '未报送数据，不得分';
  const indicators: CountyIndicatorScore[] = [
    {
      key: 'taxShare',
      name: '收入质量（税收收入占一般公共预算收入比重）',
      value: pct(tax),
      points: cfg.taxShare.points,
      score: linear(tax, cfg.taxShare.points, cfg.taxShare.zeroAt, cfg.taxShare.fullAt),
      note:
        tax === null
          ? missing
          : `${pct(cfg.taxShare.fullAt)}及以上得满分，${pct(cfg.taxShare.zeroAt)}及以下不得分`,
    },
    {
      key: 'basicGuarantees',
      name: '“三保”支出保障程度',
      value: pct(guarantees),
      points: cfg.basicGuarantees.points,
      score: linear(
        guarantees,
        cfg.basicGuarantees.points,
        cfg.basicGuarantees.zeroAt,
        cfg.basicGuarantees.fullAt,
      ),
      note: guarantees === null ? missing : '足额保障得满分',
    },
    {
      key: 'debt',
      name: '债务风险（债务率）',
      value: pct(debt),
      points: d.points,
      score: band === null ? 0 : round2(d.points * d.keep[band]),
      note: band === null ? missing : `${bandLabel[band]}风险等级（DB-1）`,
    },
    {
      key: 'treasuryCash',
      name: '库款保障水平（可支付月数）',
      value: cash === null ? null : `${round2(cash)}个月`,
      points: cfg.treasuryCash.points,
      score: linear(cash, cfg.treasuryCash.points, cfg.treasuryCash.zeroAt, cfg.treasuryCash.fullAt),
      note: cash === null ? missing : `${cfg.treasuryCash.fullAt}个月及以上得满分`,
    },
    {
      key: 'execution',
      name: '预算执行率',
      value: f.executionRateBp === null ? null : pct(f.executionRateBp / 10_000),
      points: cfg.execution.points,
      score:
        f.executionRateBp === null
          ? 0
          : round2(cfg.execution.points * Math.min(1, f.executionRateBp / 10_000)),
      note: f.executionRateBp === null ? missing : '执行率×分值',
    },
    {
      key: 'management',
      name: '预算绩效管理工作',
      value: f.managementScore === null ? null : `${f.managementScore}分`,
      points: cfg.management.points,
      score:
        f.managementScore === null
          ? 0
          : round2((cfg.management.points * Math.min(100, f.managementScore)) / 100),
      note: f.managementScore === null ? missing : '绩效管理工作考核得分×分值÷100',
    },
  ];
  return {
    regionId: f.regionId,
    name: f.name,
    indicators,
    total: round2(indicators.reduce((s, i) => s + i.score, 0)),
  };
}

/**
 * 下级政府财政运行综合绩效评价 (seed §九, DW-2): each county scored on revenue quality, 三保, debt
 * risk, treasury cash, execution and performance-management work from the facts the system
 * holds, then ranked (equal totals share a rank).
 */
export function scoreCountyFiscal(
  facts: readonly CountyFiscalFacts[],
  cfg: EvaluationConfig['countyFiscal'],
): CountyFiscalScore[] {
  const scored = facts
    .map((f) => scoreOne(f, cfg))
    .sort((a, b) => b.total - a.total || a.regionId - b.regionId);
  return scored.map((s, i) => ({
    ...s,
    rank:
      i > 0 && (scored[i - 1] as typeof s).total === s.total
        ? scored.findIndex((x) => x.total === s.total) + 1
        : i + 1,
  }));
}
