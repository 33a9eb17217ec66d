import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredPluginPaths, REPO_ROOT } from '../src/config.ts';
import { loadPlugins } from '../src/plugins.ts';

// The repository's plugin list, and whatever list this run is configured with (JIXIAO_PLUGINS
// overrides config/plugins.json, as for the server): nothing here names the fund types one by one
// except the design's own nine, so registering a new plugin changes no test.
const file = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'plugins.json'), 'utf8')) as unknown;

describe('config/plugins.json', () => {
  it('is a JSON array of existing plugin folders relative to the repository root, each once', () => {
    expect(Array.isArray(file)).toBe(true);
    const paths = file as string[];
    for (const p of paths) {
      expect(p).toMatch(/^\.\/plugins\/[a-z0-9-]+$/);
      expect(existsSync(join(REPO_ROOT, p, 'package.json')), p).toBe(true);
    }
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('includes the nine fund types of DESIGN §1 and the special-transfer plugin', () => {
    expect(file).toEqual(
      expect.arrayContaining(
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
      ),
    );
  });
});

describe('the configured plugins', () => {
  it('load into one registry as the server loads them; each folder is named after its id and ships examples', async () => {
    const paths = configuredPluginPaths();
    const registry = await loadPlugins(paths);
    expect(registry.list().map((p) => p.id)).toEqual(paths.map((p) => basename(p)));
    for (const plugin of registry.list()) expect(plugin.examples, `${plugin.id} 须声明示例`).not.toBeNull();
  });
});
