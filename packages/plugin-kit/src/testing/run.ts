import {
  type Finding,
  type ItemSnapshot,
  type PolicyConfig,
  type PolicyConfigInput,
  policyForFundType,
  type RegionFacts,
  type RuleContext,
  resolvePolicyConfig,
  SEVERITIES,
  SUGGESTED_ACTIONS,
} from '@jixiao/core';
import { pluginDeclaring } from '../define-plugin.ts';
import { duplicateFindingKeys, duplicateKeysMessage } from '../findings.ts';
import { createPluginRegistry } from '../registry.ts';
import type {
  ItemRule,
  Plugin,
  PortfolioFinding,
  PortfolioRule,
  ReviewCheck,
  ReviewInput,
  ReviewResult,
  SnapshotPart,
} from '../types.ts';

const HAN = /\p{Script=Han}/u;

/** True when the text holds at least one Chinese character. */
export function hasChinese(text: unknown): boolean {
  return typeof text === 'string' && HAN.test(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a finding (empty when it is well formed). */
export function findingProblems(finding: Finding): string[] {
  const problems: string[] = [];
  if (!SEVERITIES.values.includes(finding.severity))
    problems.push(`severity 不合法：${JSON.stringify(finding.severity)}`);
  if (!SUGGESTED_ACTIONS.values.includes(finding.suggestedAction)) {
    problems.push(`suggestedAction 不合法：${JSON.stringify(finding.suggestedAction)}`);
  }
  if (!hasChinese(finding.message)) problems.push(`message 须为中文：${JSON.stringify(finding.message)}`);
  if (finding.key !== undefined && (typeof finding.key !== 'string' || finding.key.trim() === '')) {
    problems.push('key 如提供须为非空字符串');
  }
  if (finding.details !== undefined) {
    if (!isPlainObject(finding.details)) problems.push('details 须为普通对象');
    else {
      try {
        JSON.stringify(finding.details);
      } catch {
        problems.push('details 须可序列化为 JSON（金额用整数分，不用 bigint）');
      }
    }
  }
  return problems;
}

/** What is wrong with a review result (empty when it is well formed). */
export function reviewResultProblems(result: ReviewResult): string[] {
  const problems: string[] = [];
  if (!['pass', 'warn', 'fail'].includes(result.outcome))
    problems.push(`outcome 不合法：${JSON.stringify(result.outcome)}`);
  if (!Array.isArray(result.reasons)) problems.push('reasons 须为数组');
  else {
    if (result.outcome !== 'pass' && result.reasons.length === 0)
      problems.push('未通过时须给出原因（reasons）');
    result.reasons.forEach((r, i) => {
      if (!hasChinese(r)) problems.push(`reasons[${i}] 须为中文：${JSON.stringify(r)}`);
    });
  }
  return problems;
}

/** What a rule, check or command runs under in a test (default: every documented default). */
export interface RunOptions {
  /** Overrides of the platform's policy configuration, `fundTypes` included (as in JIXIAO_POLICY_CONFIG). */
  config?: PolicyConfigInput;
  /** Overrides of the plugin's own settings, as under `plugins.<id>` in the policy configuration. */
  settings?: Record<string, unknown>;
}

/** Settings of a rule no `definePlugin` declared: reading one is a test mistake, said plainly. */
function undeclaredSettings(partId: string): unknown {
  return new Proxy(
    {},
    {
      get(_target, key) {
        throw new Error(
          `“${partId}”读取了 settings.${String(key)}，但它不属于任何 definePlugin 声明的插件：请先导入插件，或在选项中给出完整的 settings`,
        );
      },
    },
  );
}

/** The policy configuration as it applies to a fund type, with `options.config` overrides. */
export function configFor(fundTypeId: string, options: RunOptions = {}): PolicyConfig {
  return policyForFundType(resolvePolicyConfig(options.config ?? {}), fundTypeId);
}

/** A plugin's settings with `overrides` applied through its schema, as the registry does at start-up. */
export function settingsFor<A, S>(plugin: Plugin<A, S>, overrides?: Record<string, unknown>): S {
  if (!overrides) return plugin.settings.defaults;
  const registry = createPluginRegistry([plugin], { settings: { [plugin.id]: overrides } });
  return registry.settings(plugin.id) as S;
}

/**
 * The context the platform would give `part` (a rule, check or command): the configuration as it
 * applies to its plugin's fund type, and its plugin's settings with `options.settings` applied.
 */
export function contextFor(
  part: { id: string },
  fundTypeId: string,
  options: RunOptions = {},
): RuleContext<never> {
  const plugin = pluginDeclaring(part);
  const config = configFor(plugin?.id ?? fundTypeId, options);
  const settings = plugin
    ? settingsFor(plugin, options.settings)
    : (options.settings ?? undeclaredSettings(part.id));
  return { config, settings: settings as never };
}

function assertWellFormed(ruleId: string, findings: ReadonlyArray<Finding & { itemId?: number }>): void {
  const problems = findings.flatMap((f, i) => findingProblems(f).map((p) => `第${i + 1}条：${p}`));
  const duplicated = duplicateFindingKeys(findings);
  if (duplicated.length > 0) problems.push(duplicateKeysMessage(duplicated));
  if (problems.length > 0) throw new Error(`规则“${ruleId}”返回的发现不合规：\n- ${problems.join('\n- ')}`);
}

/**
 * What the platform's sweep gives a rule: the snapshot without the costly parts it did not list
 * in `uses`. Exported for plugin authors who call `evaluate` directly.
 */
export function asSweepSees<A>(
  rule: { uses?: readonly SnapshotPart[] },
  snapshot: ItemSnapshot<A>,
): ItemSnapshot<A> {
  const uses = new Set(rule.uses ?? []);
  return {
    ...snapshot,
    indicators: uses.has('indicators') ? snapshot.indicators : [],
    execution: uses.has('paymentsByMonth') ? snapshot.execution : { ...snapshot.execution, paidByMonth: [] },
  };
}

/**
 * Runs an item rule on a snapshot with the documented defaults (or `options` overrides) and
 * returns its findings; throws when a finding is malformed or two share a key.
 *
 * @example
 * const findings = runRule(performanceLinkedRule, buildPluginSnapshot(plugin, { performanceLinkedShare: 0.2 }));
 * expect(findings).toHaveLength(1);
 * expect(runRule(performanceLinkedRule, snap, { settings: { minPerformanceLinkedShare: 0.15 } })).toEqual([]);
 */
export function runRule<A, S>(
  rule: ItemRule<A, S>,
  snapshot: ItemSnapshot<A>,
  options?: RunOptions,
): Finding[] {
  const findings = rule.evaluate(
    asSweepSees(rule, snapshot),
    contextFor(rule, snapshot.item.fundTypeId, options),
  );
  assertWellFormed(rule.id, findings);
  return findings;
}

/**
 * Runs a portfolio rule over the items of one region and year; throws when a finding is
 * malformed or names an item that is not among the snapshots.
 */
export function runPortfolioRule<A, S>(
  rule: PortfolioRule<A, S>,
  snapshots: readonly ItemSnapshot<A>[],
  region: RegionFacts | null,
  options?: RunOptions,
): PortfolioFinding[] {
  const findings = rule.evaluate(
    snapshots.map((s) => asSweepSees(rule, s)),
    region,
    contextFor(rule, snapshots[0]?.item.fundTypeId ?? '', options),
  );
  assertWellFormed(rule.id, findings);
  const ids = new Set(snapshots.map((s) => s.item.id));
  const strangers = findings.filter((f) => !ids.has(f.itemId)).map((f) => f.itemId);
  if (strangers.length > 0)
    throw new Error(`规则“${rule.id}”的发现指向不在组合内的项目：${strangers.join('、')}`);
  return findings;
}

/** Runs a review check; throws when the result is malformed (e.g. fail without reasons). */
export function runCheck<A, S>(
  check: ReviewCheck<A, S>,
  input: ReviewInput<A>,
  options?: RunOptions,
): ReviewResult {
  const result = check.run(input, contextFor(check, input.item.fundTypeId, options));
  const problems = reviewResultProblems(result);
  if (problems.length > 0) throw new Error(`审核检查“${check.id}”的结果不合规：\n- ${problems.join('\n- ')}`);
  return result;
}
