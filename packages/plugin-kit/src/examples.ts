import type { RegionFacts } from '@jixiao/core';
import type { SnapshotOverrides } from './testing/build-snapshot.ts';

/**
 * Attributes of one item (as entered, before the schema's defaults), with whatever else about
 * the item, its calendar or its region the case needs.
 */
export interface AttributeExample<I> {
  /** In Chinese: what the case shows (why it fires, or why it is clean). */
  note: string;
  attributes: I;
  snapshot?: Omit<SnapshotOverrides<unknown>, 'attributes'>;
  region?: Partial<RegionFacts>;
}

/**
 * Worked examples a plugin ships (`definePlugin({ examples })`): one clean item no rule reports,
 * and for every monitoring rule one item that rule reports. The contract checks both, so they
 * stay true; the demo city builds this fund type's items from them when it has no hand-written
 * demo data, and documentation can rely on them.
 */
export interface PluginExamples<I> {
  clean: AttributeExample<I>;
  fires: Readonly<Record<string, AttributeExample<I>>>;
}
