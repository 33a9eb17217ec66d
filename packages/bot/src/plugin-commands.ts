import { createScopedReader } from '@jixiao/db/items';
import type { BotCommand, Plugin, PluginRegistry } from '@jixiao/plugin-kit';
import { type Answer, type BotContext, data } from './context.ts';

interface Matched {
  plugin: Plugin;
  command: BotCommand;
  match: Record<string, string>;
}

function tryPatterns(command: BotCommand, texts: readonly string[]): Record<string, string> | null {
  for (const text of texts) {
    for (const pattern of command.patterns) {
      // A fresh copy: a plugin's global/sticky regex must not carry lastIndex between messages.
      const m = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(text);
      if (m) {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v;
        return out;
      }
    }
  }
  return null;
}

/** The plugin command whose pattern matches the message (normalized first, then as typed). */
export function matchPluginCommand(registry: PluginRegistry, texts: readonly string[]): Matched | null {
  for (const plugin of registry.list()) {
    for (const command of plugin.botCommands) {
      const match = tryPatterns(command, texts);
      if (match) return { plugin, command, match };
    }
  }
  return null;
}

/**
 * Runs a plugin's command as the asker, with a reader limited to the conversation's scope and the
 * plugin's configuration and settings.
 */
export async function runPluginCommand(ctx: BotContext, matched: Matched, text: string): Promise<Answer> {
  const { config, settings } = ctx.platform.registry.ruleContext(matched.plugin.id, ctx.platform.config);
  const reply = await matched.command.answer({
    text,
    today: ctx.today,
    match: matched.match,
    asker: { userId: ctx.official.userId, name: ctx.official.name, roles: ctx.official.actor.roles },
    reader: createScopedReader(ctx.platform, ctx.dataActor, matched.plugin.id),
    config,
    settings,
  });
  return data({
    title: String(reply.title ?? matched.plugin.name).slice(0, 100),
    markdown: String(reply.markdown ?? ''),
    ...(Array.isArray(reply.fields) ? { fields: reply.fields } : {}),
    ...(Array.isArray(reply.buttons) ? { buttons: reply.buttons } : {}),
  });
}

/** Help lines of every plugin command, for 帮助. */
export function pluginHelpLines(registry: PluginRegistry): string[] {
  return registry.list().flatMap((p) => p.botCommands.map((c) => c.help));
}
