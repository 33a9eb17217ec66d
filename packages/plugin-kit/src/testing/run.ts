import {
  type Finding,
  type ItemSnapshot,
  type PolicyConfig,
  type PolicyConfigInput,
  type RegionFacts,
  resolvePolicyConfig,
  SEVERITIES,
  SUGGESTED_ACTIONS,
} from '@jixiao/core';
import type {
  ItemRule,
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

function toConfig(config: PolicyConfigInput | PolicyConfig | undefined): PolicyConfig {
  return resolvePolicyConfig(config ?? {});
}

function assertWellFormed(ruleId: string, findings: readonly Finding[]): void {
  const problems = findings.flatMap((f, i) => findingProblems(f).map((p) => `第${i + 1}条：${p}`));
  if (problems.length > 0) throw new Error(`规则“${ruleId}”返回的发现不合规：\n- ${problems.join('\n- ')}`);
}

/**
 * Runs an item rule on a snapshot with the default policy configuration (or overrides of it)
 * and returns its findings; throws when a finding is malformed.
 *
 * @example
 * const findings = runRule(performanceLinkedRule, buildSnapshot({ attributes: { performanceLinkedShare: 0.2 } }));
 * expect(findings).toHaveLength(1);
 */
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

export function runRule<A>(
  rule: ItemRule<A>,
  snapshot: ItemSnapshot<A>,
  config?: PolicyConfigInput,
): Finding[] {
  const findings = rule.evaluate(asSweepSees(rule, snapshot), { config: toConfig(config) });
  assertWellFormed(rule.id, findings);
  return findings;
}

/**
 * Runs a portfolio rule over the items of one region and year; throws when a finding is
 * malformed or names an item that is not among the snapshots.
 */
export function runPortfolioRule<A>(
  rule: PortfolioRule<A>,
  snapshots: readonly ItemSnapshot<A>[],
  region: RegionFacts | null,
  config?: PolicyConfigInput,
): PortfolioFinding[] {
  const findings = rule.evaluate(
    snapshots.map((s) => asSweepSees(rule, s)),
    region,
    { config: toConfig(config) },
  );
  assertWellFormed(rule.id, findings);
  const ids = new Set(snapshots.map((s) => s.item.id));
  const strangers = findings.filter((f) => !ids.has(f.itemId)).map((f) => f.itemId);
  if (strangers.length > 0)
    throw new Error(`规则“${rule.id}”的发现指向不在组合内的项目：${strangers.join('、')}`);
  return findings;
}

/** Runs a review check; throws when the result is malformed (e.g. fail without reasons). */
export function runCheck<A>(
  check: ReviewCheck<A>,
  input: ReviewInput<A>,
  config?: PolicyConfigInput,
): ReviewResult {
  const result = check.run(input, { config: toConfig(config) });
  const problems = reviewResultProblems(result);
  if (problems.length > 0) throw new Error(`审核检查“${check.id}”的结果不合规：\n- ${problems.join('\n- ')}`);
  return result;
}
