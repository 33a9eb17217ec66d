import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths, loadPolicyFile } from '../src/config.ts';
import { loadPlugins } from '../src/plugins.ts';

// JIXIAO_POLICY_CONFIG as an operator writes it: the platform's numbers, per-fund-type lag bands
// and each plugin's settings; every mistake stops start-up naming where it is.
const dir = mkdtempSync(join(tmpdir(), 'jixiao-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: unknown) => {
  const path = join(dir, `policy-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const startUp = async (content: unknown) => {
  const { policy, pluginSettings } = loadPolicyFile(file(content));
  const registry = await loadPlugins(configuredPluginPaths(), {
    settings: pluginSettings,
    config: policy,
  });
  return { policy, registry };
};

describe('the policy file', () => {
  it('hands each fund type its own bands and each plugin its own settings', async () => {
    const { policy, registry } = await startUp({
      grading: { excellent: 92 },
      fundTypes: {
        debt: { monitoring: { lagYellowPoints: 12, lagOrangePoints: 18, reportOverdueDays: 120 } },
      },
      plugins: { ppp: { affordabilityRedLine: 0.09 }, procurement: { contractSignWithinDays: 25 } },
    });
    expect(policy.grading.excellent).toBe(92);
    const debt = registry.ruleContext('debt', policy);
    expect(debt.config.monitoring).toMatchObject({
      lagYellowPoints: 12,
      lagOrangePoints: 18,
      lagRedPoints: 20,
    });
    expect(registry.ruleContext('ppp', policy).config.monitoring.lagYellowPoints).toBe(10);
    expect(registry.settings('ppp')).toMatchObject({
      affordabilityRedLine: 0.09,
      affordabilityWarning: 0.07,
    });
    expect(registry.settings('procurement')).toMatchObject({ contractSignWithinDays: 25 });
    expect(registry.settings('debt')).toMatchObject({ ratioRed: 3 });
  });

  it('is optional: every default applies', () => {
    expect(loadPolicyFile(undefined).policy.monitoring.lagRedPoints).toBe(20);
  });

  it.each([
    [
      'a fund type section in its old place',
      { ppp: { affordabilityRedLine: 0.08 } },
      /\(根\)：.*ppp[\s\S]*plugins\.<插件id>/,
    ],
    ['a misspelt platform key', { monitoring: { lagYelowPoints: 5 } }, /monitoring：.*lagYelowPoints/],
    [
      'bands that do not rise',
      { fundTypes: { ppp: { monitoring: { lagYellowPoints: 16 } } } },
      /fundTypes\.ppp\.monitoring\.lagOrangePoints/,
    ],
    ['plugins that is not an object', { plugins: [] }, /plugins：须为对象/],
    ['malformed JSON', '{"monitoring": ', /不是合法的 JSON/],
  ])('refuses %s, naming it', (_label, content, message) => {
    expect(() => loadPolicyFile(file(content))).toThrow(message);
  });

  it.each([
    [
      'a plugin that is not loaded',
      { plugins: { 'no-such-fund': {} } },
      'plugins.no-such-fund：没有已启用的插件',
    ],
    [
      'a bad plugin setting',
      { plugins: { ppp: { affordabilityRedLine: 2 } } },
      'plugins.ppp.affordabilityRedLine',
    ],
    ['an unknown plugin setting', { plugins: { ppp: { redLine: 0.1 } } }, 'plugins.ppp.redLine：不是'],
    [
      'bands for a fund type that is not loaded',
      { fundTypes: { 'no-such-fund': { monitoring: {} } } },
      'fundTypes.no-such-fund',
    ],
  ])('stops start-up on %s, naming it', async (_label, content, message) => {
    await expect(startUp(content)).rejects.toThrow(message);
  });
});
