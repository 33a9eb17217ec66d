import {
  type FieldIssue,
  InputError,
  NotFoundError,
  type PolicyConfig,
  policyForFundType,
  type RuleContext,
} from '@jixiao/core';
import type { z } from 'zod';
import type { Plugin } from './types.ts';
import { unknownKeyPaths } from './unknown-keys.ts';

export class PluginRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginRegistryError';
  }
}

/** The configuration names a plugin that is not loaded, or gives one a setting it refuses. */
export class PluginConfigError extends PluginRegistryError {
  constructor(message: string) {
    super(message);
    this.name = 'PluginConfigError';
  }
}

/** The loaded plugins, keyed by fund type id, with the settings they run under. */
export interface PluginRegistry {
  list(): readonly Plugin[];
  get(fundTypeId: string): Plugin | undefined;
  require(fundTypeId: string): Plugin;
  /**
   * Parses an item's attributes with its fund type's schema; InputError names the field
   * (`attributes.x`), including keys the schema does not declare.
   */
  parseAttributes(fundTypeId: string, attributes: unknown): Record<string, unknown>;
  /** The plugin's settings under this configuration: its defaults with the `plugins.<id>` overrides. */
  settings(fundTypeId: string): unknown;
  /** What the plugin's rules, checks, commands and routes get: `config` for this fund type, and its settings. */
  ruleContext(fundTypeId: string, config: PolicyConfig): RuleContext;
}

export interface PluginRegistryOptions {
  /** The `plugins` section of the policy configuration: setting overrides by plugin id. */
  settings?: unknown;
  /** The policy configuration; each id under its `fundTypes` must be a loaded plugin. */
  config?: PolicyConfig;
}

function isPlugin(value: unknown): value is Plugin {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'jixiao-plugin'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function zodIssuesToFieldIssues(error: z.ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

/**
 * Parses `value` with `schema` and also refuses keys the schema does not declare; returns the
 * parsed value or the problems, each with its path under `prefix`.
 */
function parseStrictly(
  schema: z.ZodType,
  value: unknown,
  prefix: string[],
  unknownKeyMessage: string,
): { ok: true; data: unknown } | { ok: false; issues: FieldIssue[] } {
  const result = schema.safeParse(value);
  const unknown = unknownKeyPaths(schema, value).map((path) => ({
    path: [...prefix, ...path].join('.'),
    message: unknownKeyMessage,
  }));
  const invalid = result.success ? [] : zodIssuesToFieldIssues(result.error, prefix);
  const issues = [...unknown, ...invalid];
  return issues.length === 0 ? { ok: true, data: result.data } : { ok: false, issues };
}

function resolveSettings(byId: ReadonlyMap<string, Plugin>, overrides: unknown): Map<string, unknown> {
  const settings = new Map<string, unknown>();
  const problems: string[] = [];
  if (overrides !== undefined && !isPlainObject(overrides)) {
    throw new PluginConfigError('插件配置有误：\n- plugins 须为对象，键为插件 id');
  }
  const given = overrides ?? {};
  for (const id of Object.keys(given)) {
    if (!byId.has(id)) {
      problems.push(`plugins.${id}：没有已启用的插件“${id}”（已启用：${[...byId.keys()].join('、')}）`);
    }
  }
  for (const [id, plugin] of byId) {
    if (!Object.hasOwn(given, id)) {
      settings.set(id, plugin.settings.defaults);
      continue;
    }
    const parsed = parseStrictly(
      plugin.settings.schema,
      given[id],
      ['plugins', id],
      `不是${plugin.name}的设置`,
    );
    if (parsed.ok) settings.set(id, parsed.data);
    else problems.push(...parsed.issues.map((i) => `${i.path}：${i.message}`));
  }
  if (problems.length > 0) throw new PluginConfigError(`插件配置有误：\n- ${problems.join('\n- ')}`);
  return settings;
}

export function createPluginRegistry(
  plugins: readonly unknown[],
  options: PluginRegistryOptions = {},
): PluginRegistry {
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
  const strangers = Object.keys(options.config?.fundTypes ?? {}).filter((id) => !byId.has(id));
  if (strangers.length > 0) {
    throw new PluginConfigError(
      `政策配置有误：\n${strangers.map((id) => `- fundTypes.${id}：没有已启用的资金类型“${id}”`).join('\n')}`,
    );
  }
  const settings = resolveSettings(byId, options.settings);
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
      const parsed = parseStrictly(
        plugin.attributes as z.ZodType,
        attributes ?? {},
        ['attributes'],
        `不是${plugin.name}的专有属性`,
      );
      if (!parsed.ok) {
        const first = parsed.issues[0];
        throw new InputError(
          first ? `字段 ${first.path}：${first.message}` : `${plugin.name}的专有属性不合法`,
          parsed.issues,
        );
      }
      return parsed.data as Record<string, unknown>;
    },
    settings(fundTypeId) {
      requirePlugin(fundTypeId);
      return settings.get(fundTypeId);
    },
    ruleContext(fundTypeId, config) {
      requirePlugin(fundTypeId);
      return { config: policyForFundType(config, fundTypeId), settings: settings.get(fundTypeId) };
    },
  };
}
