import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ItemSnapshot } from '@jixiao/core';
import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  buildRegionFacts,
  pluginContract,
  runCheck,
  runPortfolioRule,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { SpecialTransferAttributes, SpecialTransferAttributesInput } from '../src/attributes.ts';
import { exitMechanismCheck, regionalTargetsCheck, transferKindCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import { allocationLagRule, expiredPolicyRule, selfEvaluationCoverageRule } from '../src/rules.ts';

pluginContract(plugin, { examples });

const base: SpecialTransferAttributesInput = { allocationMethod: 'factor', recipientRegionCount: 3 };
const item = { kind: 'transfer_payment' as const, isSpecialTransfer: true };

describe('self-evaluation-coverage', () => {
  const afterYear = { asOf: '2027-03-31', fiscalYear: 2026 };
  const transfer = (
    id: number,
    approvedAmountFen: number,
    evaluated: boolean,
  ): ItemSnapshot<SpecialTransferAttributes> =>
    buildPluginSnapshot(
      plugin,
      { ...base, lastSelfEvaluatedYear: evaluated ? 2026 : 2025 },
      {
        item: { ...item, id, approvedAmountFen },
        calendar: afterYear,
      },
    );

  it('all special transfers self-evaluated: quiet', () => {
    const all = [transfer(1, 600, true), transfer(2, 400, true)];
    expect(runPortfolioRule(selfEvaluationCoverageRule, all, buildRegionFacts())).toEqual([]);
  });

  it('one past its fiscal year without self-evaluation: red on that item only', () => {
    const findings = runPortfolioRule(
      selfEvaluationCoverageRule,
      [transfer(1, 600, true), transfer(2, 400, false)],
      buildRegionFacts(),
    );
    expect(findings.map((f) => [f.itemId, f.severity, f.suggestedAction])).toEqual([[2, 'red', 'rectify']]);
    expect(findings[0]?.message).toContain('60%');
  });

  it('an item in state 已自评 counts as evaluated', () => {
    const s = transfer(2, 400, false);
    const evaluated = { ...s, item: { ...s.item, state: 'self_evaluated' as const } };
    expect(runPortfolioRule(selfEvaluationCoverageRule, [transfer(1, 600, true), evaluated], null)).toEqual(
      [],
    );
  });

  it('at a configured 90% minimum, exactly 90% passes and 89.99% fires', () => {
    const options = { settings: { selfEvaluationMinShare: 0.9 } };
    const ninety = [transfer(1, 9_000, true), transfer(2, 1_000, false)];
    expect(runPortfolioRule(selfEvaluationCoverageRule, ninety, null, options)).toEqual([]);
    const under = [transfer(1, 8_999, true), transfer(2, 1_001, false)];
    expect(runPortfolioRule(selfEvaluationCoverageRule, under, null, options)).toHaveLength(1);
  });

  it('during the fiscal year nothing is due yet', () => {
    const during = buildPluginSnapshot(plugin, { ...base, lastSelfEvaluatedYear: 2025 }, { item });
    expect(runPortfolioRule(selfEvaluationCoverageRule, [during], buildRegionFacts())).toEqual([]);
  });
});

describe('allocation-lag', () => {
  // On 2026-08-31 序时进度 is 58.33%; of 1,000,000 fen, 483,300 allocated is exactly 10 points behind.
  const run = (allocatedFen: number) =>
    runRule(
      allocationLagRule,
      buildPluginSnapshot(
        plugin,
        { ...base, allocatedFen },
        { item: { ...item, approvedAmountFen: 1_000_000 } },
      ),
    );

  it('exactly 10 points behind is quiet; 10.01 points is yellow', () => {
    expect(run(483_300)).toEqual([]);
    expect(run(483_299)[0]).toMatchObject({ severity: 'yellow', suggestedAction: 'remind' });
  });

  it('more than 15 points is orange, more than 20 red', () => {
    expect(run(433_299)[0]?.severity).toBe('orange');
    expect(run(383_299)[0]).toMatchObject({ severity: 'red', suggestedAction: 'rectify' });
  });

  it('without the allocated amount, nothing is reported', () => {
    expect(runRule(allocationLagRule, buildPluginSnapshot(plugin, base, { item }))).toEqual([]);
  });
});

describe('expired-policy', () => {
  it('a policy ending this year is fine; one that ended last year fires', () => {
    expect(
      runRule(expiredPolicyRule, buildPluginSnapshot(plugin, { ...base, policyExpiresYear: 2026 }, { item })),
    ).toEqual([]);
    expect(
      runRule(
        expiredPolicyRule,
        buildPluginSnapshot(plugin, { ...base, policyExpiresYear: 2025 }, { item }),
      )[0],
    ).toMatchObject({
      severity: 'red',
      suggestedAction: 'suspend_payment',
    });
  });
});

describe('review checks', () => {
  const input = (over: Partial<SpecialTransferAttributesInput>, itemOver = item) =>
    buildPluginReviewInput(plugin, { ...base, ...over }, { item: itemOver });

  it('exit-mechanism: needs an expiry year not already past', () => {
    expect(runCheck(exitMechanismCheck, input({ policyExpiresYear: 2028 })).outcome).toBe('pass');
    expect(runCheck(exitMechanismCheck, input({})).outcome).toBe('fail');
    expect(runCheck(exitMechanismCheck, input({ policyExpiresYear: 2025 })).outcome).toBe('fail');
  });

  it('regional-targets: several regions need regional targets', () => {
    expect(
      runCheck(regionalTargetsCheck, input({ recipientRegionCount: 3, regionalTargetsDecomposed: true }))
        .outcome,
    ).toBe('pass');
    expect(runCheck(regionalTargetsCheck, input({ recipientRegionCount: 1 })).outcome).toBe('pass');
    expect(runCheck(regionalTargetsCheck, input({ recipientRegionCount: 3 })).outcome).toBe('fail');
  });

  it('transfer-kind: registered as a special transfer payment', () => {
    expect(runCheck(transferKindCheck, input({})).outcome).toBe('pass');
    expect(
      runCheck(transferKindCheck, input({}, { kind: 'transfer_payment', isSpecialTransfer: false })).outcome,
    ).toBe('fail');
  });
});

describe('built from docs/plugins.md alone', () => {
  const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const sourceFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
  const specifiers = (file: string): string[] => {
    const text = readFileSync(file, 'utf8');
    const found = [
      ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g),
    ];
    return found.map((m) => m[1] ?? m[2] ?? '');
  };
  const isPlatformImport = (spec: string) =>
    spec === '@jixiao/plugin-kit' ||
    spec.startsWith('@jixiao/plugin-kit/') ||
    spec === '@jixiao/core' ||
    spec === 'zod';

  it('src/ imports only @jixiao/plugin-kit, @jixiao/core, zod and files inside the plugin', () => {
    const files = sourceFiles(join(pluginDir, 'src'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      for (const spec of specifiers(file)) {
        const ok =
          isPlatformImport(spec) ||
          (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(pluginDir));
        expect(ok, `${relative(pluginDir, file)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('tests add only vitest and Node built-ins', () => {
    for (const file of sourceFiles(join(pluginDir, 'test'))) {
      for (const spec of specifiers(file)) {
        const ok =
          isPlatformImport(spec) ||
          spec === 'vitest' ||
          spec.startsWith('node:') ||
          (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(pluginDir));
        expect(ok, `${relative(pluginDir, file)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('package.json depends on exactly the three platform packages', () => {
    const pkg = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(pkg.name).toBe('@jixiao/plugin-special-transfer');
    expect(pkg.exports['.']).toBe('./src/index.ts');
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@jixiao/core', '@jixiao/plugin-kit', 'zod']);
    expect(pkg.devDependencies).toBeUndefined();
  });
});
