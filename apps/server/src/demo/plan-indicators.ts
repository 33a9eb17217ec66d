import type { PolicyConfig } from '@jixiao/core';
import type { DemoItem, DemoReport } from './generate.ts';
import { DEMO_LIBRARY, type DemoLibraryEntry, LIBRARY_SECTOR } from './library-catalog.ts';
import { CONSTRUCTION, type PlanContext } from './plan-context.ts';
import type { Random } from './random.ts';
import type { DemoTargetContent } from './workflows.ts';

const COMMON_ENTRIES = DEMO_LIBRARY.filter((e) => e.sector === null);
const COST_ENTRY = DEMO_LIBRARY.find((e) => e.name === '投资概算控制率') as DemoLibraryEntry;

/** A target value for a library entry: its reference value, varied for counts and kept inside its range. */
function valueFor(entry: DemoLibraryEntry, rng: Random): number | null {
  if (entry.referenceValue === null) return null;
  if (entry.unit === '%') return entry.referenceValue;
  const v = Math.max(1, Math.round(entry.referenceValue * rng.between(0.75, 1.25)));
  return Math.min(entry.referenceMax ?? v, Math.max(entry.referenceMin ?? v, v));
}

/** Reports of one indicator, transformed alike (so progress stays what the generator planned). */
function eachReport(item: DemoItem, index: number, f: (r: DemoReport) => void): void {
  for (const r of item.reports) if (r.indicatorIndex === index) f(r);
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Moves an indicator's reports to a new target and operator keeping each report's completion:
 * reports were made as target × completion (≥, =, range) or target × (2 − completion) (≤).
 */
function retarget(
  item: DemoItem,
  index: number,
  from: { operator: string; value: number },
  to: { operator: string; value: number },
) {
  const completion = (x: number) => (from.operator === 'lte' ? 2 - x / from.value : x / from.value);
  const value = (c: number) => round2(to.operator === 'lte' ? to.value * Math.max(0, 2 - c) : to.value * c);
  eachReport(item, index, (r) => {
    if (r.actualValue !== null) r.actualValue = value(completion(r.actualValue));
    if (r.forecastValue !== null) r.forecastValue = value(completion(r.forecastValue));
  });
}

/**
 * Links each indicator to the library entry of its name: the generator already chose indicators
 * that fit the project from its sector's catalogue, so nothing is swapped here.
 */
function linkLibraryIndicators(item: DemoItem): void {
  for (const ind of item.target?.indicators ?? []) {
    const entry = DEMO_LIBRARY.find((e) => e.name === ind.name);
    if (entry) ind.libraryKey = entry.key;
  }
}

/** A construction item measures its cost (IN-7): one percentage output line becomes 投资概算控制率. */
function measureCost(item: DemoItem): boolean {
  const inds = item.target?.indicators ?? [];
  if (inds.some((i) => i.level1 === 'cost' || i.level2 === 'cost')) return true;
  const index = inds.findIndex(
    (i) => i.level1 === 'output' && i.operator === 'gte' && i.unit === '%' && i.targetValue,
  );
  const ind = inds[index];
  if (!ind?.targetValue) return false;
  retarget(item, index, { operator: 'gte', value: ind.targetValue }, { operator: 'lte', value: 100 });
  Object.assign(ind, {
    name: COST_ENTRY.name,
    level2: COST_ENTRY.level2,
    operator: COST_ENTRY.operator,
    unit: COST_ENTRY.unit,
    targetValue: 100,
    libraryKey: COST_ENTRY.key,
  });
  return true;
}

const QUALITATIVE_SHARE: Record<string, number> = { met: 1, partly_met: 0.9, not_met: 0.7 };

/** Enough quantified indicators (IN-8): qualitative lines become the common quantified one of their heading. */
function quantify(item: DemoItem, config: PolicyConfig, rng: Random): void {
  const inds = item.target?.indicators ?? [];
  for (const [index, ind] of inds.entries()) {
    const quantified = inds.filter((i) => i.operator !== 'qualitative').length;
    if (quantified / inds.length >= config.targetQuality.minQuantifiedShare) return;
    if (ind.operator !== 'qualitative') continue;
    const entry = COMMON_ENTRIES.find(
      (e) =>
        e.level1 === ind.level1 &&
        e.operator === 'gte' &&
        e.referenceValue !== null &&
        !inds.some((x) => x.name === e.name),
    );
    if (!entry) continue;
    const value = valueFor(entry, rng) as number;
    eachReport(item, index, (r) => {
      const share = QUALITATIVE_SHARE[r.qualitativeStatus ?? 'met'] ?? 1;
      r.actualValue = round2(value * share);
      r.forecastValue = round2(value * share);
      r.qualitativeStatus = null;
    });
    Object.assign(ind, {
      name: entry.name,
      level2: entry.level2,
      operator: 'gte',
      unit: entry.unit,
      targetValue: value,
      targetText: null,
      libraryKey: entry.key,
    });
  }
}

/** An ambitious value above the library's range, for the reviewer to see flagged (not yet executing: no reports). */
export function stretch(content: DemoTargetContent): boolean {
  const ind = content.indicators.find((i) => {
    const e = DEMO_LIBRARY.find((x) => x.key === i.libraryKey);
    return e?.referenceMax != null && e.unit !== '%' && i.targetValue !== null;
  });
  const max = DEMO_LIBRARY.find((x) => x.key === ind?.libraryKey)?.referenceMax;
  if (!ind || max == null) return false;
  ind.targetValue = Math.round(max * 1.6);
  return true;
}

/** Sector, scope of the ex-ante rules and the library indicators of every item. */
export function planIndicators(p: PlanContext): void {
  const { city, config, rng } = p;
  for (const item of city.items) {
    item.librarySector = LIBRARY_SECTOR[item.sector];
    item.isNew = item.fiscalYearStart === item.currentFiscalYear;
    linkLibraryIndicators(item);
    quantify(item, config, rng);
    item.isCapitalConstruction =
      item.kind === 'project' && CONSTRUCTION.test(item.name) && (!item.target || measureCost(item));
  }
}
