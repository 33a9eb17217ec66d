import {
  defaultPolicyConfig,
  ITEM_STATES,
  type ItemSnapshot,
  parseIsoDate,
  type RegionFacts,
  RULE_INPUT_LABELS,
  RULE_INPUTS,
  type RuleInput,
  ratioBp,
  timeProgressBp,
} from '@jixiao/core';
import { dateMayChange } from '../date-changes.ts';
import type { DateChange, ItemRule, Plugin, PortfolioRule } from '../types.ts';
import { defaultIndicators } from './build-snapshot.ts';
import { type RunOptions, runPortfolioRule, runRule } from './run.ts';

/** One base case the rules are run on: a portfolio of snapshots (an item rule runs on each) and its region. */
export interface InputCase<A> {
  label: string;
  snapshots: readonly ItemSnapshot<A>[];
  region: RegionFacts | null;
}

type Perturb<A> = (snapshot: ItemSnapshot<A>) => Array<[string, ItemSnapshot<A>]>;

function withDate<A>(s: ItemSnapshot<A>, asOf: string): ItemSnapshot<A> {
  const fy = s.calendar.fiscalYear;
  const d = parseIsoDate(asOf);
  return {
    ...s,
    calendar: {
      asOf,
      fiscalYear: fy,
      month: d.year > fy ? 12 : d.year < fy ? 1 : d.month,
      timeProgressBp: timeProgressBp(asOf, fy, defaultPolicyConfig.monitoring.timeProgressBasis),
    },
  };
}

function withPaid<A>(s: ItemSnapshot<A>, paidFen: number): ItemSnapshot<A> {
  const byMonth = Array.from({ length: 12 }, (_, i) => (i === 0 ? paidFen : 0));
  return {
    ...s,
    execution: {
      paidFen,
      paymentCount: paidFen > 0 ? 1 : 0,
      lastPaidOn: paidFen > 0 ? `${s.calendar.fiscalYear}-01-31` : null,
      paidByMonth: byMonth,
      executionRateBp: ratioBp(paidFen, s.item.approvedAmountFen),
    },
  };
}

/**
 * Ways to change one input of a snapshot and nothing else: other dates (before, during and
 * after the fiscal year), other payments, indicators, targets, states, and the attributes and
 * item fields of the other cases (`donors`, so they stay valid for the plugin's schema).
 */
function perturbations<A>(donors: readonly ItemSnapshot<A>[]): Record<RuleInput, Perturb<A>> {
  return {
    date: (s) => {
      const fy = s.calendar.fiscalYear;
      return [
        `${fy - 1}-12-01`,
        `${fy}-01-15`,
        `${fy}-03-31`,
        `${fy}-06-30`,
        `${fy}-09-30`,
        `${fy}-12-31`,
        `${fy + 1}-03-31`,
        `${fy + 2}-12-31`,
        `${fy + 10}-06-30`,
      ]
        .filter((d) => d !== s.calendar.asOf)
        .map((d) => [`日期改为 ${d}`, withDate(s, d)]);
    },
    payments: (s) => [
      ...[
        0,
        Math.floor(s.item.approvedAmountFen / 2),
        s.item.approvedAmountFen,
        s.item.approvedAmountFen * 2,
      ].map((paid): [string, ItemSnapshot<A>] => [`支付改为 ${paid} 分`, withPaid(s, paid)]),
      ...donors.map((d, i): [string, ItemSnapshot<A>] => [
        `支付取自第${i + 1}例`,
        { ...s, execution: d.execution },
      ]),
    ],
    indicators: (s) => [
      ['无指标', { ...s, indicators: [] }],
      ['默认指标', { ...s, indicators: defaultIndicators(s.calendar.fiscalYear) }],
      ['指标均未填报', { ...s, indicators: s.indicators.map((i) => ({ ...i, latest: null })) }],
      [
        '指标填报为完全不可能',
        {
          ...s,
          indicators: defaultIndicators(s.calendar.fiscalYear).map((i) => ({
            ...i,
            latest: i.latest && { ...i.latest, likelihood: 'impossible' as const, forecastValue: 0 },
          })),
        },
      ],
      ...donors.map((d, i): [string, ItemSnapshot<A>] => [
        `指标取自第${i + 1}例`,
        { ...s, indicators: d.indicators },
      ]),
    ],
    target: (s) => [
      ['无绩效目标', { ...s, target: null }],
      ['目标未批复', { ...s, target: { overallGoal: s.target?.overallGoal ?? '完成任务', approved: false } }],
      ['目标已批复', { ...s, target: { overallGoal: '另一个总体目标', approved: true } }],
    ],
    state: (s) =>
      ITEM_STATES.values
        .filter((st) => st !== s.item.state)
        .map((st): [string, ItemSnapshot<A>] => [`状态改为 ${st}`, { ...s, item: { ...s.item, state: st } }]),
    attributes: (s) => [
      ['金额加倍', { ...s, item: { ...s.item, approvedAmountFen: s.item.approvedAmountFen * 2 } }],
      ...donors.map((d, i): [string, ItemSnapshot<A>] => [
        `属性取自第${i + 1}例`,
        {
          ...s,
          attributes: d.attributes,
          item: { ...d.item, id: s.item.id, fundTypeId: s.item.fundTypeId, state: s.item.state },
        },
      ]),
    ],
  };
}

function answer<A, S>(
  rule: ItemRule<A, S> | PortfolioRule<A, S>,
  snapshots: readonly ItemSnapshot<A>[],
  region: RegionFacts | null,
  run: RunOptions,
): string {
  try {
    if (rule.scope === 'portfolio') return JSON.stringify(runPortfolioRule(rule, snapshots, region, run));
    return JSON.stringify(snapshots.map((s) => runRule(rule, s, run)));
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Runs every monitoring rule on each case with each input it does not declare changed (one
 * snapshot at a time), and reports where its answer moved: such a rule reads more than it
 * declares, and judging on change would miss the changes it depends on. Empty when every rule
 * declares enough.
 */
export function undeclaredInputProblems<A, S>(
  plugin: Plugin<A, S>,
  cases: readonly InputCase<A>[],
  run: RunOptions = {},
): string[] {
  const donors = cases.flatMap((c) => c.snapshots);
  const perturb = perturbations(donors);
  const problems: string[] = [];
  for (const rule of plugin.monitoringRules) {
    const declared = new Set(rule.inputs);
    for (const input of RULE_INPUTS) {
      if (declared.has(input)) continue;
      let found: string | null = null;
      for (const c of cases) {
        const base = answer(rule, c.snapshots, c.region, run);
        c.snapshots.forEach((snap, i) => {
          if (found) return;
          for (const [change, changed] of perturb[input](snap)) {
            const snaps = c.snapshots.map((s, j) => (j === i ? changed : s));
            if (answer(rule, snaps, c.region, run) !== base) {
              found = `${c.label}：${change}`;
              return;
            }
          }
        });
        if (found) break;
      }
      if (found)
        problems.push(
          `规则“${rule.id}”未在 inputs 中声明“${RULE_INPUT_LABELS[input]}”（${input}），但其结果随之改变（${found}）`,
        );
    }
    if (rule.dateChanges && declared.has('date')) {
      const moved = movesOutsideDeclaredDays(rule, rule.dateChanges, cases, run);
      if (moved)
        problems.push(
          `规则“${rule.id}”声明的日期条件（dateChanges）过窄：${moved}，其间没有声明的变化日，结果却改变了`,
        );
    }
  }
  return problems;
}

const addDays = (iso: string, days: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Days to move one snapshot's date to: around the fiscal year (each month's first and last day,
 * the year's turns) and around every date attribute a condition names.
 */
function probeDays<A>(s: ItemSnapshot<A>, changes: readonly DateChange[]): string[] {
  const fy = s.calendar.fiscalYear;
  const days = new Set<string>([s.calendar.asOf, `${fy - 1}-12-01`, `${fy + 2}-12-31`, `${fy + 10}-06-30`]);
  for (let m = 1; m <= 12; m++) {
    const first = `${fy}-${String(m).padStart(2, '0')}-01`;
    days.add(first);
    days.add(addDays(first, -1));
    days.add(addDays(first, 14));
  }
  days.add(`${fy}-12-31`);
  days.add(`${fy + 1}-01-01`);
  days.add(`${fy + 1}-01-02`);
  const attrs = (s.attributes ?? {}) as Record<string, unknown>;
  for (const c of changes) {
    const at = typeof c === 'object' ? attrs[c.after] : undefined;
    if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(at)) continue;
    for (const k of [-400, -31, -1, 0, 1, 2, 29, 31, 100, 366, 800]) days.add(addDays(at, k));
  }
  return [...days].filter((d) => !Number.isNaN(Date.parse(d))).sort();
}

/**
 * Moves each snapshot's date between neighbouring probe days with no declared change day between
 * them (`dateMayChange` false) and returns where the answer moved, or null.
 */
function movesOutsideDeclaredDays<A, S>(
  rule: ItemRule<A, S> | PortfolioRule<A, S>,
  changes: readonly DateChange[],
  cases: readonly InputCase<A>[],
  run: RunOptions,
): string | null {
  for (const c of cases) {
    for (const [i, snap] of c.snapshots.entries()) {
      const item = { attributes: snap.attributes, fiscalYear: snap.calendar.fiscalYear };
      const days = probeDays(snap, changes);
      const at = (d: string) =>
        answer(
          rule,
          c.snapshots.map((s, j) => (j === i ? withDate(s, d) : s)),
          c.region,
          run,
        );
      for (let k = 1; k < days.length; k++) {
        const from = days[k - 1] as string;
        const to = days[k] as string;
        if (dateMayChange(changes, item, from, to)) continue;
        if (at(from) !== at(to)) return `${c.label}：日期由 ${from} 改为 ${to}`;
      }
    }
  }
  return null;
}
