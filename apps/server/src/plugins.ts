import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createPluginRegistry,
  PluginConfigError,
  type PluginRegistry,
  type PluginRegistryOptions,
} from '@jixiao/plugin-kit';

/** Thrown when a configured plugin can't be loaded; start-up stops with this message. */
class PluginLoadError extends Error {
  constructor(path: string, reason: string) {
    super(`无法加载插件 ${path}：${reason}`);
    this.name = 'PluginLoadError';
  }
}

function entryOf(dir: string): string {
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) throw new PluginLoadError(dir, '目录中没有 package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: unknown };
  const dot = (pkg.exports as Record<string, unknown> | undefined)?.['.'];
  const entry = typeof dot === 'string' ? dot : (dot as { default?: unknown } | undefined)?.default;
  if (typeof entry !== 'string') throw new PluginLoadError(dir, 'package.json 缺少 exports["."]');
  return join(dir, entry);
}

/**
 * Imports each configured plugin folder and builds the registry with the policy file's plugin
 * settings and fund-type overrides. Any failure (missing folder, no `plugin` export, invalid
 * declaration, duplicate id, a setting the plugin refuses) throws and stops start-up.
 */
export async function loadPlugins(
  paths: readonly string[],
  options: PluginRegistryOptions = {},
): Promise<PluginRegistry> {
  const plugins: unknown[] = [];
  for (const dir of paths) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(entryOf(dir)).href)) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof PluginLoadError) throw err;
      throw new PluginLoadError(dir, err instanceof Error ? err.message : String(err));
    }
    if (!mod.plugin)
      throw new PluginLoadError(dir, '没有具名导出 plugin（export const plugin = definePlugin({...})）');
    plugins.push(mod.plugin);
  }
  try {
    return createPluginRegistry(plugins, options);
  } catch (err) {
    if (err instanceof PluginConfigError) throw err;
    throw new PluginLoadError(paths.join(', '), err instanceof Error ? err.message : String(err));
  }
}
