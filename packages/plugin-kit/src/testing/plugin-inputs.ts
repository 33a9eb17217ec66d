import type { ItemKind, ItemSnapshot } from '@jixiao/core';
import type { Plugin, ReviewInput } from '../types.ts';
import { buildReviewInput, type ReviewInputOverrides } from './build-review-input.ts';
import { buildSnapshot, type SnapshotOverrides } from './build-snapshot.ts';

/** The item kind test items of this plugin get: 项目 when the plugin takes projects, else its first kind. */
export function itemKindFor(plugin: Pick<Plugin, 'itemKinds'>): ItemKind {
  return plugin.itemKinds.includes('project') ? 'project' : (plugin.itemKinds[0] ?? 'project');
}

function parseWith<A, S>(plugin: Plugin<A, S>, attributes: unknown): A {
  const parsed = plugin.attributes.safeParse(attributes);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}：${i.message}`).join('；');
    throw new Error(`属性未通过 ${plugin.id} 的模式：${issues}`);
  }
  return parsed.data;
}

/**
 * A snapshot of an item of `plugin`'s fund type: the attributes go through the plugin's schema
 * first (so defaults apply, as they do in the platform), the rest as in `buildSnapshot`.
 *
 * @example
 * const snap = buildPluginSnapshot(plugin, { paymentMechanism: 'government_pay', performanceLinkedShare: 0.2 });
 */
export function buildPluginSnapshot<A, S>(
  plugin: Plugin<A, S>,
  attributes: unknown,
  overrides: Omit<SnapshotOverrides<A>, 'attributes'> = {},
): ItemSnapshot<A> {
  return buildSnapshot<A>({
    ...overrides,
    attributes: parseWith(plugin, attributes),
    item: { fundTypeId: plugin.id, kind: itemKindFor(plugin), ...overrides.item },
  });
}

/** A review input for an item of `plugin`'s fund type, attributes parsed by its schema. */
export function buildPluginReviewInput<A, S>(
  plugin: Plugin<A, S>,
  attributes: unknown,
  overrides: Omit<ReviewInputOverrides<A>, 'attributes'> = {},
): ReviewInput<A> {
  return buildReviewInput<A>({
    ...overrides,
    attributes: parseWith(plugin, attributes),
    item: { fundTypeId: plugin.id, kind: itemKindFor(plugin), ...overrides.item },
  });
}
