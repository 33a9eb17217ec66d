import { type FieldIssue, InputError, NotFoundError } from '@jixiao/core';
import type { z } from 'zod';
import type { Plugin } from './types.ts';

export class PluginRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginRegistryError';
  }
}

/** The loaded plugins, keyed by fund type id. */
export interface PluginRegistry {
  list(): readonly Plugin[];
  get(fundTypeId: string): Plugin | undefined;
  require(fundTypeId: string): Plugin;
  /** Parses an item's attributes with its fund type's schema; InputError names the field (`attributes.x`). */
  parseAttributes(fundTypeId: string, attributes: unknown): Record<string, unknown>;
}

function isPlugin(value: unknown): value is Plugin {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'jixiao-plugin'
  );
}

export function zodIssuesToFieldIssues(error: z.ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

export function createPluginRegistry(plugins: readonly unknown[]): PluginRegistry {
  const byId = new Map<string, Plugin>();
  plugins.forEach((p, i) => {
    if (!isPlugin(p)) {
      throw new PluginRegistryError(
        `第 ${i + 1} 个插件不是 definePlugin(...) 的返回值（须以具名导出 plugin 提供）`,
      );
    }
    if (byId.has(p.id)) throw new PluginRegistryError(`插件 id “${p.id}”重复：两个插件不能声明同一资金类型`);
    byId.set(p.id, p);
  });
  const list = [...byId.values()];
  const requirePlugin = (id: string): Plugin => {
    const p = byId.get(id);
    if (!p) throw new NotFoundError(`资金类型“${id}”不存在或未启用`, { fundTypeId: id });
    return p;
  };
  return {
    list: () => list,
    get: (id) => byId.get(id),
    require: requirePlugin,
    parseAttributes(fundTypeId, attributes) {
      const plugin = requirePlugin(fundTypeId);
      const result = (plugin.attributes as z.ZodType).safeParse(attributes ?? {});
      if (!result.success) {
        const issues = zodIssuesToFieldIssues(result.error, ['attributes']);
        const first = issues[0];
        throw new InputError(
          first ? `字段 ${first.path}：${first.message}` : `${plugin.name}的专有属性不合法`,
          issues,
        );
      }
      return result.data as Record<string, unknown>;
    },
  };
}
