import { OpenAPIHono } from '@hono/zod-openapi';
import { type PolicyConfigInput, type Reply, resolvePolicyConfig } from '@jixiao/core';
import type { Asker, BotCommand, PluginRouteEnv, PluginRoutes, ScopedReader } from '../types.ts';
import { buildScopedReader } from './scoped-reader.ts';

export interface CommandRunOptions {
  reader?: ScopedReader;
  asker?: Asker;
  config?: PolicyConfigInput;
  /** Today (YYYY-MM-DD) as the platform would give it; default 2026-08-31, the harness date. */
  today?: string;
}

/** A finance-bureau officer, the usual asker in tests. */
export const DEFAULT_ASKER: Asker = { userId: 1, name: '李科长', roles: ['finance_admin'] };

/**
 * Matches `text` against the command's patterns as the bot would and runs its answer; returns
 * null when no pattern matches.
 *
 * @example
 * const reply = await runBotCommand(affordabilityCommand, 'PPP财承 2026', { reader });
 */
export async function runBotCommand(
  command: BotCommand,
  text: string,
  options: CommandRunOptions = {},
): Promise<Reply | null> {
  for (const pattern of command.patterns) {
    const m = pattern.exec(text.trim());
    if (!m) continue;
    const match: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) match[k] = v;
    return command.answer({
      text,
      match,
      asker: options.asker ?? DEFAULT_ASKER,
      reader: options.reader ?? buildScopedReader({}),
      config: resolvePolicyConfig(options.config ?? {}),
      today: options.today ?? '2026-08-31',
    });
  }
  return null;
}

/**
 * Mounts the plugin's routes the way the platform does (with `asker`, `reader` and `config`
 * set) and sends one request; `path` is relative to the plugin's base (`/api/plugins/<id>`).
 *
 * @example
 * const res = await requestPluginRoute(plugin, '/affordability?fiscalYear=2026', { reader });
 */
export async function requestPluginRoute(
  plugin: { id: string; routes: PluginRoutes | null },
  path: string,
  options: CommandRunOptions & { init?: RequestInit } = {},
): Promise<Response> {
  if (!plugin.routes) throw new Error(`插件“${plugin.id}”没有声明 routes`);
  const app = new OpenAPIHono<PluginRouteEnv>();
  const config = resolvePolicyConfig(options.config ?? {});
  app.use('*', async (c, next) => {
    c.set('asker', options.asker ?? DEFAULT_ASKER);
    c.set('reader', options.reader ?? buildScopedReader({}));
    c.set('config', config);
    c.set('today', options.today ?? '2026-08-31');
    await next();
  });
  plugin.routes(app);
  return app.request(path, options.init);
}
