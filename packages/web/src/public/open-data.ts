import type { PublicValue } from '@jixiao/core';
import type { PublishedSet } from '@jixiao/db/publications';

/** The open data of a published set as JSON: the current version's public snapshot with its versions. */
export function openDataJson(set: PublishedSet) {
  return {
    region: set.regionName,
    fiscalYear: set.fiscalYear,
    draft: set.draft,
    version: set.current.version,
    publishOn: set.current.publishOn,
    note: set.current.note,
    versions: set.versions.map((v) => ({ version: v.version, publishOn: v.publishOn, note: v.note })),
    departments: set.current.snapshot.departments,
    subjects: set.current.snapshot.subjects,
  };
}

const CSV_HEADER = ['对象类型', '编号', '名称', '所属部门', '栏目', '行号', '字段', '值'] as const;

const cell = (v: PublicValue): string => {
  if (v === null) return '';
  let s = String(v);
  // A spreadsheet must not run what the public reads as text.
  if (typeof v === 'string' && /^[=+@\t\r]|^-(?![\d.])/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The same content as CSV: one line per field, and per table cell (with its row number). */
function openDataCsvRows(set: PublishedSet): PublicValue[][] {
  const snap = set.current.snapshot;
  const deptName = new Map(snap.departments.map((d) => [d.key, d.name]));
  const rows: PublicValue[][] = [];
  for (const s of snap.subjects) {
    const head: PublicValue[] = [
      s.kind === 'item' ? '项目' : '部门',
      s.key,
      s.name,
      s.departmentKey ? (deptName.get(s.departmentKey) ?? s.departmentKey) : '',
    ];
    for (const b of s.blocks) {
      for (const f of b.fields) rows.push([...head, b.title, null, f.label, f.value]);
      b.table?.rows.forEach((r, i) => {
        b.table?.columns.forEach((c, j) => {
          rows.push([...head, b.title, i + 1, c, r[j] ?? null]);
        });
      });
    }
  }
  return rows;
}

export function openDataCsv(set: PublishedSet): string {
  const lines = [CSV_HEADER, ...openDataCsvRows(set)].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
