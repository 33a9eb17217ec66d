import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.ts';

// Every policy rule id the code cites (MO-6, EV-2, PP-1 …) must resolve to an entry in docs/policy.md.

const POLICY_DOC = join(REPO_ROOT, 'docs', 'policy.md');
const SOURCE_ROOTS = ['apps', 'packages', 'plugins', 'tooling', 'tests'];
const SOURCE_FILE = /\.(ts|tmpl)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'drizzle', '.data', 'dist']);
/** Anything shaped like a rule id: one to three capitals, a hyphen, one or two digits. */
const ID_SHAPED = /\b([A-Z]{1,3})-(\d{1,2})\b/g;
/** Prefixes of tokens shaped like rule ids that are not: an encoding and codes of test records. */
// Item codes in tests (OK-1, TP-1, HEAD-OWN-1) have the same shape.
const NOT_RULE_PREFIXES = new Set(['UTF', 'EDU', 'IMP', 'PDF', 'OK', 'TP', 'OWN']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

/** Each id-shaped token in the sources, with the files citing it. */
function citedIds(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const file of SOURCE_ROOTS.flatMap((root) => sourceFiles(join(REPO_ROOT, root)))) {
    for (const [id] of readFileSync(file, 'utf8').matchAll(ID_SHAPED)) {
      const files = cited.get(id) ?? [];
      const where = relative(REPO_ROOT, file);
      if (!files.includes(where)) files.push(where);
      cited.set(id, files);
    }
  }
  return cited;
}

const policy = readFileSync(POLICY_DOC, 'utf8');
/** Rule families: the `## MO …` sections of docs/policy.md. */
const families = new Set([...policy.matchAll(/^## ([A-Z]{1,3}) /gm)].map((m) => m[1]));
/** Rule entries: the `### MO-6 …` headings, with the text up to the next heading. */
const entries = new Map(
  [...policy.matchAll(/^### ([A-Z]{1,3}-\d{1,2}) [^\n]*\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/gm)].map((m) => [
    m[1] as string,
    m[2] as string,
  ]),
);
const cited = citedIds();
const prefixOf = (id: string) => id.slice(0, id.indexOf('-'));

describe('docs/policy.md', () => {
  it('is read: it declares the rule families and their entries', () => {
    expect([...families]).toEqual(expect.arrayContaining(['MO', 'EV', 'PP', 'IN', 'JX', 'F', 'OT', 'DB']));
    expect(entries.size).toBeGreaterThan(50);
    expect(cited.has('MO-6')).toBe(true);
  });

  it('has an entry for every rule id the code cites', () => {
    const missing = [...cited]
      .filter(([id]) => families.has(prefixOf(id)) && !entries.has(id))
      .map(([id, files]) => `${id}（${files.join('、')}）`);
    expect(missing, '代码引用了 docs/policy.md 中没有的规则编号，请在对应的一族下补一条').toEqual([]);
  });

  it('knows every family of rule ids the code cites', () => {
    const unknown = [...cited]
      .filter(([id]) => !families.has(prefixOf(id)) && !NOT_RULE_PREFIXES.has(prefixOf(id)))
      .map(([id, files]) => `${id}（${files.join('、')}）`);
    expect(
      unknown,
      '这些像规则编号：若是，请在 docs/policy.md 增加这一族；若不是，请加入本测试的 NOT_RULE_PREFIXES',
    ).toEqual([]);
  });

  it('gives every entry its source document', () => {
    const withoutSource = [...entries].filter(([, text]) => !text.includes('出处：')).map(([id]) => id);
    expect(withoutSource).toEqual([]);
  });
});
