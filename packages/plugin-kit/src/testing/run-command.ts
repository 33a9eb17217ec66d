import { OpenAPIHono } from '@hono/zod-openapi';
import type { Reply } from '@jixiao/core';
import type { Asker, BotCommand, Plugin, PluginRouteEnv, ScopedReader } from '../types.ts';
import { configFor, contextFor, type RunOptions, settingsFor } from './run.ts';
import { buildScopedReader } from './scoped-reader.ts';

export interface CommandRunOptions extends RunOptions {
  reader?: ScopedReader;
  asker?: Asker;
  /** Today (YYYY-MM-DD) as the platform would give it; default 2026-08-31, the harness date. */
  today?: string;
}

/** A finance-bureau officer, the usual asker in tests. */
export const DEFAULT_ASKER: Asker = { userId: 1, name: '李科长', roles: ['finance_admin'] };

/**
 * Matches `text` against the command's patterns as the bot would and runs its answer, with the
 * configuration and settings of the plugin that declared it; returns null when no pattern matches.
 *
 * @example
 * const reply = await runBotCommand(affordabilityCommand, 'PPP财承 2026', { reader });
 */
export async function runBotCommand<S>(
  command: BotCommand<S>,
  text: string,
  options: CommandRunOptions = {},
): Promise<Reply | null> {
  for (const pattern of command.patterns) {
    const m = pattern.exec(text.trim());
    if (!m) continue;
    const match: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) match[k] = v;
    const { config, settings } = contextFor(command, '', options);
    return command.answer({
      text,
      match,
      asker: options.asker ?? DEFAULT_ASKER,
      reader: options.reader ?? buildScopedReader({}),
      config,
      settings,
      today: options.today ?? '2026-08-31',
    });
  }
  return null;
}

/**
 * Mounts the plugin's routes the way the platform does (with its settings, and `asker`, `reader`,
 * `config` and `today` set) and sends one request; `path` is relative to the plugin's base
 * (`/api/plugins/<id>`).
 *
 * @example
 * const res = await requestPluginRoute(plugin, '/affordability?fiscalYear=2026', { reader });
 */
export async function requestPluginRoute<A, S>(
  plugin: Plugin<A, S>,
  path: string,
  options: CommandRunOptions & { init?: RequestInit } = {},
): Promise<Response> {
  if (!plugin.routes) throw new Error(`插件“${plugin.id}”没有声明 routes`);
  const app = new OpenAPIHono<PluginRouteEnv>();
  const config = configFor(plugin.id, options);
  const settings = settingsFor(plugin, options.settings);
  app.use('*', async (c, next) => {
    c.set('asker', options.asker ?? DEFAULT_ASKER);
    c.set('reader', options.reader ?? buildScopedReader({}));
    c.set('config', config);
    c.set('today', options.today ?? '2026-08-31');
    await next();
  });
  plugin.routes(app, { settings });
  return app.request(path, options.init);
}
