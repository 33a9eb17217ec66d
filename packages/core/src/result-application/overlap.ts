import type { ResultApplicationConfig } from './config.ts';

/** What is compared to find overlapping or fragmented policies and projects. */
export interface OverlapSubject {
  itemId: number;
  name: string;
  /** The department the item belongs to: overlap is looked for across departments. */
  departmentId: number;
  departmentName: string;
  description: string | null;
  /** 功能分类科目 (functional classification of expenditure), when known. */
  functionalSubject: string | null;
  indicatorNames: readonly string[];
}

export interface OverlapPair {
  a: number;
  b: number;
  /** 0–1: weighted over the parts both sides have. */
  score: number;
  parts: { name: number; description: number | null; subject: number | null; indicators: number | null };
  /** Why the pair matched, for the finance bureau to judge. */
  explanation: string[];
}

const GENERIC = /[\d０-９一二三四五六七八九十百千万亿年度（）()《》“”"、，,。.\s\-—_/]+/g;

/** A name or text with years, numbers, punctuation and the configured generic words taken out. */
function purposeText(text: string, stopWords: readonly string[]): string {
  let t = text.normalize('NFKC');
  for (const w of stopWords) t = t.split(w).join(' ');
  return t.replace(GENERIC, ' ').trim();
}

function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const part of text.split(/\s+/)) {
    const chars = [...part];
    for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

/** Dice coefficient of two sets. */
function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** The longest runs (two characters or more) two texts have in common, longest first. */
export function sharedTerms(a: string, b: string): string[] {
  const x = [...a];
  const y = [...b];
  const found = new Set<string>();
  const len: number[][] = x.map(() => new Array<number>(y.length).fill(0));
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (x[i] !== y[j] || /\s/.test(x[i] ?? '')) continue;
      const l = (i > 0 && j > 0 ? (len[i - 1]?.[j - 1] ?? 0) : 0) + 1;
      (len[i] as number[])[j] = l;
      const ends = i + 1 === x.length || j + 1 === y.length || x[i + 1] !== y[j + 1];
      if (ends && l >= 2) found.add(x.slice(i - l + 1, i + 1).join(''));
    }
  }
  const terms = [...found].sort((p, q) => q.length - p.length);
  return terms.filter((t) => !terms.some((longer) => longer.length > t.length && longer.includes(t)));
}

interface Prepared {
  s: OverlapSubject;
  name: string;
  nameGrams: Set<string>;
  descGrams: Set<string> | null;
  indicators: Set<string>;
}

function prepare(s: OverlapSubject, cfg: ResultApplicationConfig): Prepared {
  const stop = cfg.overlap.stopWords;
  const name = purposeText(s.name, stop);
  const desc = s.description ? purposeText(s.description, stop) : '';
  return {
    s,
    name,
    nameGrams: bigrams(name),
    descGrams: desc ? bigrams(desc) : null,
    indicators: new Set(s.indicatorNames.map((n) => n.normalize('NFKC').replace(/\s+/g, '')).filter(Boolean)),
  };
}

function compare(p: Prepared, q: Prepared, cfg: ResultApplicationConfig): OverlapPair {
  const w = cfg.overlap.weights;
  const name = dice(p.nameGrams, q.nameGrams);
  const description = p.descGrams && q.descGrams ? dice(p.descGrams, q.descGrams) : null;
  const subject =
    p.s.functionalSubject && q.s.functionalSubject
      ? p.s.functionalSubject === q.s.functionalSubject
        ? 1
        : p.s.functionalSubject.slice(0, 3) === q.s.functionalSubject.slice(0, 3)
          ? 0.5
          : 0
      : null;
  const indicators = p.indicators.size && q.indicators.size ? dice(p.indicators, q.indicators) : null;
  let sum = w.name * name;
  let weight = w.name;
  for (const [part, wk] of [
    [description, w.description],
    [subject, w.subject],
    [indicators, w.indicators],
  ] as const) {
    if (part === null) continue;
    sum += wk * part;
    weight += wk;
  }
  const explanation: string[] = [];
  const terms = sharedTerms(p.name, q.name);
  if (terms.length) explanation.push(`名称都含“${terms.join('”“')}”`);
  if (subject === 1) explanation.push(`同一功能分类科目 ${p.s.functionalSubject}`);
  else if (subject === 0.5) explanation.push(`功能分类科目同类（${p.s.functionalSubject?.slice(0, 3)}）`);
  const sharedIndicators = [...p.indicators].filter((n) => q.indicators.has(n));
  if (sharedIndicators.length)
    explanation.push(`有相同的绩效指标：${sharedIndicators.slice(0, 5).join('、')}`);
  if (description !== null && description >= 0.5) explanation.push('项目内容描述相近');
  return {
    a: p.s.itemId,
    b: q.s.itemId,
    score: Math.round((weight > 0 ? sum / weight : 0) * 1000) / 1000,
    parts: {
      name: Math.round(name * 1000) / 1000,
      description: description === null ? null : Math.round(description * 1000) / 1000,
      subject,
      indicators: indicators === null ? null : Math.round(indicators * 1000) / 1000,
    },
    explanation,
  };
}

/** How alike two items are in purpose, explained. */
export function overlapOf(a: OverlapSubject, b: OverlapSubject, cfg: ResultApplicationConfig): OverlapPair {
  return compare(prepare(a, cfg), prepare(b, cfg), cfg);
}

/**
 * Pairs of items in different departments that look like the same purpose paid twice
 * (交叉重复、碎片化, seed §十六): names compared by character pairs after generic words are taken
 * out, descriptions, functional subjects and indicators. Candidates are the pairs sharing two
 * or more character pairs of their names, leaving out pairs found in more than `maxGramItems`
 * names (a place name says nothing about purpose), so a province's items are not compared all
 * against all.
 */
export function findOverlaps(
  subjects: readonly OverlapSubject[],
  cfg: ResultApplicationConfig,
): OverlapPair[] {
  const prepared = subjects.map((s) => prepare(s, cfg));
  const byGram = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    for (const g of p.nameGrams) {
      const list = byGram.get(g);
      if (list) list.push(i);
      else byGram.set(g, [i]);
    }
  });
  const out: OverlapPair[] = [];
  prepared.forEach((p, i) => {
    const shared = new Map<number, number>();
    for (const g of p.nameGrams) {
      const holders = byGram.get(g) ?? [];
      if (holders.length > cfg.overlap.maxGramItems) continue;
      for (const j of holders) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const [j, n] of shared) {
      const q = prepared[j] as Prepared;
      if (n < 2 || q.s.departmentId === p.s.departmentId) continue;
      const pair = compare(p, q, cfg);
      if (pair.score >= cfg.overlap.minScore) out.push(pair);
    }
  });
  return out.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}
