import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.ts';

// The package graph is the one package.json files declare (turbo and tsc follow it), and it is the
// layering docs/architecture.md describes. knip reports unused dependencies but, for private
// workspaces, not an undeclared import of a sibling workspace: this test does.

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Workspace {
  dir: string;
  name: string;
  dependencies: Set<string>;
  devDependencies: Set<string>;
}

const OURS = '@jixiao/';
const PLUGIN = /^@jixiao\/plugin-(?!kit$)/;
const SKIPPED_DIRS = new Set(['node_modules', 'drizzle', 'template', '.data', 'dist']);
const TEST_FILE = /(^|\/)(test|tests)\/|\.test\.ts$/;

/**
 * Which of our packages each package's source may import (docs/architecture.md, "Layers").
 * Tests may also import what a package lists under devDependencies.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  '@jixiao/core': [],
  '@jixiao/plugin-kit': ['@jixiao/core'],
  plugin: ['@jixiao/plugin-kit', '@jixiao/core'],
  '@jixiao/db': ['@jixiao/core', '@jixiao/plugin-kit'],
  '@jixiao/api': ['@jixiao/charts', '@jixiao/core', '@jixiao/db', '@jixiao/plugin-kit', '@jixiao/forms'],
  '@jixiao/bot': ['@jixiao/core', '@jixiao/db', '@jixiao/plugin-kit', '@jixiao/forms'],
  '@jixiao/notify': ['@jixiao/core', '@jixiao/db'],
  '@jixiao/web': ['@jixiao/core', '@jixiao/db', '@jixiao/charts', '@jixiao/forms'],
  '@jixiao/forms': ['@jixiao/core'],
  '@jixiao/charts': [],
  '@jixiao/im-dingtalk': ['@jixiao/core', '@jixiao/db', '@jixiao/bot', '@jixiao/notify'],
  '@jixiao/server': [
    '@jixiao/core',
    '@jixiao/db',
    '@jixiao/plugin-kit',
    '@jixiao/api',
    '@jixiao/bot',
    '@jixiao/notify',
    '@jixiao/im-dingtalk',
    '@jixiao/web',
    '@jixiao/dingtalk-sim',
    '@jixiao/forms',
  ],
  '@jixiao/dingtalk-sim': [],
  '@jixiao/bench': ['@jixiao/core', '@jixiao/db', '@jixiao/server'],
  '@jixiao/scaffold': ['@jixiao/core', '@jixiao/plugin-kit'],
  '@jixiao/vitest-config': ['@jixiao/db'],
  '@jixiao/tests': [
    '@jixiao/core',
    '@jixiao/db',
    '@jixiao/plugin-kit',
    '@jixiao/server',
    '@jixiao/dingtalk-sim',
    '@jixiao/forms',
  ],
  '@jixiao/tsconfig': [],
};

function workspaces(): Workspace[] {
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return root.workspaces.flatMap((pattern) => {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(REPO_ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(pattern.slice(0, -2), d.name))
      : [pattern];
    return dirs
      .filter((dir) => existsSync(join(REPO_ROOT, dir, 'package.json')))
      .map((dir) => {
        const m = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as Manifest;
        return {
          dir,
          name: m.name,
          dependencies: new Set(Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith(OURS))),
          devDependencies: new Set(Object.keys(m.devDependencies ?? {}).filter((d) => d.startsWith(OURS))),
        };
      });
  });
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return existsSync(join(path, 'package.json')) ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface OurImport {
  file: string;
  pkg: string;
  dynamic: boolean;
  test: boolean;
}

/** Every import of one of our packages in a workspace's TypeScript files. */
function ourImports(ws: Workspace): OurImport[] {
  const out: OurImport[] = [];
  for (const file of tsFiles(join(REPO_ROOT, ws.dir))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(REPO_ROOT, file);
    const add = (spec: string, dynamic: boolean) => {
      const pkg = spec.split('/').slice(0, 2).join('/');
      if (pkg !== ws.name) out.push({ file: where, pkg, dynamic, test: TEST_FILE.test(where) });
    };
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'(@jixiao\/[^']+)'/g))
      add(m[1] as string, false);
    for (const m of text.matchAll(/(?:^|\n)\s*import\s*'(@jixiao\/[^']+)'/g)) add(m[1] as string, false);
    for (const m of text.matchAll(/\bimport\(\s*'(@jixiao\/[^']+)'\s*\)/g)) add(m[1] as string, true);
  }
  return out;
}

const all = workspaces();
const imports = new Map(all.map((ws) => [ws.name, ourImports(ws)]));
const byName = new Map(all.map((ws) => [ws.name, ws]));
const rulesOf = (name: string) => MAY_IMPORT[PLUGIN.test(name) ? 'plugin' : name];

describe('the package graph', () => {
  it('is read: every workspace, with its imports of our packages', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(imports.get('@jixiao/api')?.some((i) => i.pkg === '@jixiao/db')).toBe(true);
  });

  it('lists in each package.json every package of ours its source and tests import', () => {
    const unlisted = all.flatMap((ws) =>
      (imports.get(ws.name) ?? [])
        .filter((i) => !ws.dependencies.has(i.pkg) && !(i.test && ws.devDependencies.has(i.pkg)))
        .map((i) => `${ws.dir}/package.json 缺少 ${i.pkg}（${i.file}）`),
    );
    expect([...new Set(unlisted)]).toEqual([]);
  });

  it('imports no package of ours dynamically (a hidden edge neither turbo nor tsc sees)', () => {
    const dynamic = all.flatMap((ws) =>
      (imports.get(ws.name) ?? []).filter((i) => i.dynamic).map((i) => `${i.file} → ${i.pkg}`),
    );
    expect(dynamic).toEqual([]);
  });

  it('keeps to the layers of docs/architecture.md', () => {
    const outside = all.flatMap((ws) => {
      const allowed = rulesOf(ws.name);
      if (!allowed)
        return [`${ws.name} 不在 MAY_IMPORT 中：在 docs/architecture.md 和本测试里写明它可以依赖什么`];
      return [...ws.dependencies].filter((dep) => !allowed.includes(dep)).map((dep) => `${ws.name} → ${dep}`);
    });
    expect(outside).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (path.includes(name)) {
        cycles.push([...path.slice(path.indexOf(name)), name].join(' → '));
        return;
      }
      const ws = byName.get(name);
      if (!ws) return;
      for (const dep of [...ws.dependencies, ...ws.devDependencies]) visit(dep, [...path, name]);
    };
    for (const ws of all) visit(ws.name, []);
    expect([...new Set(cycles)]).toEqual([]);
  });
});
