import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPluginRegistry } from '../src/index.ts';

// Loads config/plugins.json the way the server does (each folder's package.json exports["."],
// named export `plugin`) and checks the plugins sit together in one registry.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const paths = JSON.parse(readFileSync(join(repoRoot, 'config', 'plugins.json'), 'utf8')) as unknown;

async function load(path: string): Promise<Record<string, unknown>> {
  const dir = resolve(repoRoot, path);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: Record<string, string>;
  };
  const entry = pkg.exports['.'];
  if (!entry) throw new Error(`${path} 的 package.json 缺少 exports["."]`);
  return (await import(pathToFileURL(join(dir, entry)).href)) as Record<string, unknown>;
}

describe('config/plugins.json', () => {
  it('is a JSON array of existing plugin folders relative to the repository root', () => {
    expect(Array.isArray(paths)).toBe(true);
    for (const p of paths as string[]) {
      expect(p).toMatch(/^\.\/plugins\/[a-z0-9-]+$/);
      expect(existsSync(join(repoRoot, p, 'package.json')), p).toBe(true);
    }
  });

  it('lists the nine fund types of DESIGN §1 and the special-transfer plugin', () => {
    expect([...(paths as string[])].sort()).toEqual(
      [
        'debt',
        'general-budget',
        'gov-fund-budget',
        'investment-fund',
        'ppp',
        'procurement',
        'purchased-services',
        'social-insurance-budget',
        'soe-capital-budget',
        'special-transfer',
      ].map((id) => `./plugins/${id}`),
    );
  });

  it('loads every plugin into one registry; each folder is named after its id', async () => {
    const modules = await Promise.all((paths as string[]).map(load));
    const registry = createPluginRegistry(modules.map((m) => m.plugin));
    expect(registry.list().map((p) => `./plugins/${p.id}`)).toEqual(paths);
    for (const m of modules) expect(m.examples, 'each plugin ships worked examples').toBeDefined();
  });
});
