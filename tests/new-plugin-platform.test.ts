import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredPluginPaths, loadPlugins } from '@jixiao/server';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, REPO_ROOT } from './helpers.ts';

// What the plugin guide promises: a plugin made by `npm run new-plugin` and registered with one
// more entry in the plugin list changes nothing else, and the platform's own tests stay green with
// it: the list of fund types, the demo city (which builds the new fund type's items from its
// examples and places them with a fitting body, and whose start-up sweep must find its rules at
// work) and the real server process.
// The plugin is generated outside the repository and registered through JIXIAO_PLUGINS, which
// stands in for the line in config/plugins.json without touching the file other tests read.
const PLATFORM_TESTS = [
  'apps/server/test/configured-plugins.test.ts',
  'apps/server/test/demo.test.ts',
  'apps/server/test/demo-sweep.test.ts',
  'apps/server/test/demo-assignments.test.ts',
  'tests/server.test.ts',
];
const ID = 'throwaway-grant';

const root = mkdtempSync(join(tmpdir(), 'jixiao-new-plugin-'));
symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: childEnv(env) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('a plugin made by npm run new-plugin, registered as the guide says', () => {
  it('leaves the platform’s tests green, and shows up in the demo city', async () => {
    const made = await run('npm', [
      'run',
      '--silent',
      'new-plugin',
      '--',
      ID,
      '--name',
      '临时补助资金',
      '--root',
      root,
    ]);
    expect(made.status, made.output).toBe(0);
    const dir = join(root, 'plugins', ID);
    expect(existsSync(join(dir, 'src', 'settings.ts'))).toBe(true);

    const listed = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'plugins.json'), 'utf8')) as string[];
    const JIXIAO_PLUGINS = [...listed, dir].join(',');
    const registry = await loadPlugins(configuredPluginPaths({ JIXIAO_PLUGINS }));
    expect(registry.get(ID)?.examples).not.toBeNull();
    const suite = await run(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...PLATFORM_TESTS],
      {
        JIXIAO_PLUGINS: [...listed, dir].join(','),
      },
    );
    expect(suite.status, suite.output).toBe(0);
    expect(suite.output).toMatch(/Tests: \d+ passed, 0 failed, 0 skipped/);
  }, 300_000);
});
