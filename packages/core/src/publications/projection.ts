/**
 * What the public may see of a publication (DI-4): the raw snapshot as the section providers
 * collected it marks each field `public`, `internal` (reviewers' opinions, quality flags, anything
 * for officials only) or `personal` (names of people). `publicProjection` keeps the public fields
 * only and removes every known personal name from the text that stays. Pure: the public pages, the
 * open data and the congress package are all made from its result.
 */
export type FieldVisibility = 'public' | 'internal' | 'personal';

export type PublicValue = string | number | null;

export interface RawField {
  label: string;
  value: PublicValue;
  visibility: FieldVisibility;
}

/** A table inside a block (e.g. a target's indicators); columns carry the visibility. */
export interface RawTable {
  columns: ReadonlyArray<{ label: string; visibility: FieldVisibility }>;
  rows: ReadonlyArray<readonly PublicValue[]>;
}

/** What one section says about one subject (an item or a department). */
export interface RawBlock {
  section: string;
  title: string;
  fields: readonly RawField[];
  table?: RawTable;
  /** Numbers for charts and summaries (e.g. budget and paid), always public. */
  metrics?: Readonly<Record<string, number>>;
}

export interface RawSubject {
  kind: 'item' | 'department';
  /** Stable public key: the item's code or the department's code. */
  key: string;
  name: string;
  /** For items: the department's key. */
  departmentKey: string | null;
  blocks: readonly RawBlock[];
}

export interface RawSnapshot {
  regionName: string;
  fiscalYear: number;
  draft: 'budget' | 'final_accounts';
  departments: ReadonlyArray<{ key: string; name: string }>;
  subjects: readonly RawSubject[];
}

export interface PublicField {
  label: string;
  value: PublicValue;
}

export interface PublicTable {
  columns: string[];
  rows: PublicValue[][];
}

export interface PublicBlock {
  section: string;
  title: string;
  fields: PublicField[];
  table?: PublicTable;
  metrics: Record<string, number>;
}

export interface PublicSubject {
  kind: 'item' | 'department';
  key: string;
  name: string;
  departmentKey: string | null;
  blocks: PublicBlock[];
}

export interface PublicSnapshot {
  regionName: string;
  fiscalYear: number;
  draft: 'budget' | 'final_accounts';
  departments: Array<{ key: string; name: string }>;
  subjects: PublicSubject[];
}

const NAME_REDACTION = '（姓名不公开）';
const NUMBER_REDACTION = '（号码不公开）';
const EMAIL_REDACTION = '（邮箱不公开）';

function scrubber(personalNames: readonly string[]): (text: string) => string {
  // Longest first, so "张三丰" goes before "张三"; names of one character are too ambiguous to scrub.
  const names = [...new Set(personalNames.map((n) => n.trim()).filter((n) => n.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const n of names) out = out.split(n).join(NAME_REDACTION);
    return out;
  };
}

// An e-mail address, and any run of 7 or more digits (spaces, hyphens or dots may part them, an
// ID card may end in X): mobile and landline numbers, ID-card and bank-card numbers. A date
// (2026-12-07) is left alone.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const DATE = /^\d{4}([-.])\d{1,2}\1\d{1,2}$/;
const LONG_NUMBER = /\d(?:[ .-]?\d){6,}(?:[ .-]?[Xx])?/g;

const foldWidth = (text: string) =>
  text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF20\uFF0E\uFF0D]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );

/**
 * Scrubs free text written by people (citizens' comments, departments' replies) for the public
 * pages (DI-4): every known personal name, every e-mail address and every phone, ID-card or other
 * long number. Full-width digits, letters, ＠, ． and － are folded first, so "１３８…" is caught like "138…"
 * (Chinese punctuation stays as it is).
 */
export function freeTextScrubber(personalNames: readonly string[]): (text: string) => string {
  const names = scrubber(personalNames);
  return (text) =>
    names(foldWidth(text))
      .replace(EMAIL, EMAIL_REDACTION)
      .replace(LONG_NUMBER, (m) => (DATE.test(m) ? m : NUMBER_REDACTION));
}

/**
 * The public projection of a raw snapshot: only `public` fields and columns, every personal name
 * in any remaining text (titles, names, values) replaced. `personalNames` are the people the
 * system knows (users, responsible persons, assignees).
 */
export function publicProjection(raw: RawSnapshot, personalNames: readonly string[]): PublicSnapshot {
  const scrub = scrubber(personalNames);
  const value = (v: PublicValue): PublicValue => (typeof v === 'string' ? scrub(v) : v);
  const block = (b: RawBlock): PublicBlock => {
    const out: PublicBlock = {
      section: b.section,
      title: scrub(b.title),
      fields: b.fields
        .filter((f) => f.visibility === 'public')
        .map((f) => ({ label: scrub(f.label), value: value(f.value) })),
      metrics: { ...(b.metrics ?? {}) },
    };
    if (b.table) {
      const keep = b.table.columns.flatMap((c, i) => (c.visibility === 'public' ? [i] : []));
      out.table = {
        columns: keep.map((i) => scrub((b.table as RawTable).columns[i]?.label ?? '')),
        rows: b.table.rows.map((r) => keep.map((i) => value(r[i] ?? null))),
      };
    }
    return out;
  };
  return {
    regionName: raw.regionName,
    fiscalYear: raw.fiscalYear,
    draft: raw.draft,
    departments: raw.departments.map((d) => ({ key: d.key, name: scrub(d.name) })),
    subjects: raw.subjects.map((s) => ({
      kind: s.kind,
      key: s.key,
      name: scrub(s.name),
      departmentKey: s.departmentKey,
      blocks: s.blocks.map(block),
    })),
  };
}

/** Every text of a public snapshot, for checks that nothing personal or internal slipped through. */
export function publicTexts(s: PublicSnapshot): string[] {
  const out: string[] = [s.regionName, ...s.departments.map((d) => d.name)];
  for (const subj of s.subjects) {
    out.push(subj.name);
    for (const b of subj.blocks) {
      out.push(b.title, ...b.fields.flatMap((f) => [f.label, String(f.value ?? '')]));
      if (b.table) out.push(...b.table.columns, ...b.table.rows.flat().map((v) => String(v ?? '')));
    }
  }
  return out;
}

/** A department's figures in a published year, summed from its items' block metrics. */
export interface DepartmentFigures {
  key: string;
  name: string;
  items: number;
  budgetFen: number;
  paidFen: number;
  indicatorsReported: number;
  indicatorsMet: number;
  tasks: number;
  tasksDone: number;
}

/** The figures the charts and the congress package show, per department, from the public snapshot only. */
export function departmentFigures(s: PublicSnapshot): DepartmentFigures[] {
  const byKey = new Map<string, DepartmentFigures>(
    s.departments.map((d) => [
      d.key,
      {
        key: d.key,
        name: d.name,
        items: 0,
        budgetFen: 0,
        paidFen: 0,
        indicatorsReported: 0,
        indicatorsMet: 0,
        tasks: 0,
        tasksDone: 0,
      },
    ]),
  );
  for (const subj of s.subjects) {
    if (subj.kind !== 'item' || !subj.departmentKey) continue;
    const d = byKey.get(subj.departmentKey);
    if (!d) continue;
    d.items++;
    for (const b of subj.blocks) {
      d.budgetFen += b.metrics.budgetFen ?? 0;
      d.paidFen += b.metrics.paidFen ?? 0;
      d.indicatorsReported += b.metrics.indicatorsReported ?? 0;
      d.indicatorsMet += b.metrics.indicatorsMet ?? 0;
      d.tasks += b.metrics.tasks ?? 0;
      d.tasksDone += b.metrics.tasksDone ?? 0;
    }
  }
  return [...byKey.values()];
}
