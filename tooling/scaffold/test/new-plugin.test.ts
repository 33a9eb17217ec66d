import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPluginRegistry } from '@jixiao/plugin-kit';
import {
  buildPluginSnapshot,
  contractChecks,
  type PluginExamples,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginIdProblems, REPO_ROOT, ScaffoldError, scaffoldPlugin } from '../src/scaffold.ts';

// Generate into a temporary root (never the repository's plugins/); its node_modules points at
// the repository's, so the generated code resolves @jixiao/* exactly as a real plugin does.
const root = mkdtempSync(join(tmpdir(), 'jixiao-scaffold-'));
symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

const ID = 'demo-grant';
const result = scaffoldPlugin({ id: ID, name: '示例补助资金', budgetBook: 'general', root });
const mod: unknown = await import(pathToFileURL(join(result.dir, 'src', 'index.ts')).href);
const plugin = createPluginRegistry([(mod as { plugin?: unknown }).plugin]).require(ID);

describe('scaffoldPlugin', () => {
  it('writes a complete plugin folder under the given root, not under the repository', () => {
    expect(result.dir).toBe(join(root, 'plugins', ID));
    expect(result.files).toEqual([
      'package.json',
      'src/attributes.ts',
      'src/checks.ts',
      'src/evaluation.ts',
      'src/examples.ts',
      'src/index.ts',
      'src/indicators.ts',
      'src/plugin.ts',
      'src/rules.ts',
      'src/settings.ts',
      `test/${ID}.test.ts`,
      'tsconfig.json',
    ]);
    expect(existsSync(join(REPO_ROOT, 'plugins', ID))).toBe(false);
  });

  it('generates a plugin definePlugin accepts, with the given id, name and budget book', () => {
    expect(plugin).toMatchObject({
      kind: 'jixiao-plugin',
      id: ID,
      name: '示例补助资金',
      budgetBook: 'general',
    });
    expect(plugin.monitoringRules).toHaveLength(1);
    expect(plugin.reviewChecks).toHaveLength(1);
  });

  it('passes the plugin contract (as a draft), with the examples and settings it declares', () => {
    expect(plugin.examples).toBe((mod as { examples?: PluginExamples<unknown> }).examples);
    expect(plugin.settings.defaults).toEqual({ taskLagPoints: 10 });
    expect(plugin.settings.sources.taskLagPoints).toContain('MO-6');
    for (const check of contractChecks(plugin, { draft: true })) {
      if (!check.skip) expect(check.run, check.name).not.toThrow();
    }
  });

  it('generates an item rule that fires', () => {
    const [rule] = plugin.monitoringRules;
    if (rule?.scope !== 'item') throw new Error('expected an item rule');
    const lagging = buildPluginSnapshot(plugin, { plannedTasks: 100, completedTasks: 10 });
    expect(runRule(rule, lagging)).toHaveLength(1);
    expect(runRule(rule, buildPluginSnapshot(plugin, { plannedTasks: 100, completedTasks: 90 }))).toEqual([]);
    const slower = buildPluginSnapshot(plugin, { plannedTasks: 100, completedTasks: 45 });
    expect(runRule(rule, slower)).toHaveLength(1);
    expect(runRule(rule, slower, { settings: { taskLagPoints: 15 } })).toEqual([]);
  });

  it('generates code that type-checks and a test file that passes', () => {
    const tsc = run(bin('tsc'), ['-p', join(result.dir, 'tsconfig.json')]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const vitest = run(bin('vitest'), ['run', '--root', root, '--reporter', 'dot']);
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
  });

  it('refuses bad and taken ids', () => {
    expect(pluginIdProblems('Special_Transfer', root)[0]).toContain('kebab-case');
    expect(pluginIdProblems(ID, root)[0]).toContain('已存在');
    expect(pluginIdProblems('ppp')[0]).toContain('已存在');
    expect(() => scaffoldPlugin({ id: 'x-y', name: 'English only', root })).toThrow(ScaffoldError);
    expect(() => scaffoldPlugin({ id: 'x-y', budgetBook: 'lottery', root })).toThrow(/预算类型/);
  });
});

describe('npm run new-plugin (tooling/scaffold/new-plugin.ts)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(bin('tsx'), [join(REPO_ROOT, 'tooling', 'scaffold', 'new-plugin.ts'), ...args], env);

  it('creates the plugin under JIXIAO_SCAFFOLD_ROOT and prints the next steps', () => {
    const out = cli(['cli-made', '--name', '命令行生成'], { JIXIAO_SCAFFOLD_ROOT: root });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('config/plugins.json');
    expect(out.stdout).toContain('npx vitest run plugins/cli-made');
    expect(existsSync(join(root, 'plugins', 'cli-made', 'src', 'index.ts'))).toBe(true);
  });

  it('exits non-zero with a Chinese reason on a bad or taken id, and with usage when none is given', () => {
    const bad = cli(['Bad_Id'], { JIXIAO_SCAFFOLD_ROOT: root });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('kebab-case');
    const taken = cli([ID, '--root', root]);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('已存在');
    const none = cli([], { JIXIAO_SCAFFOLD_ROOT: root });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('用法');
  });
});
