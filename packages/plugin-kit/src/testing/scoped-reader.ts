import type { ItemSnapshot, RegionFacts } from '@jixiao/core';
import type { ScopedReader } from '../types.ts';

/**
 * An in-memory `ScopedReader` over the given snapshots and region figures, for testing bot
 * commands and routes. Everything given is "in scope".
 */
export function buildScopedReader(data: {
  items?: readonly ItemSnapshot<unknown>[];
  regions?: readonly RegionFacts[];
}): ScopedReader {
  const items = (data.items ?? []) as readonly ItemSnapshot[];
  const regions = data.regions ?? [];
  return {
    async listItems(filter = {}) {
      const out = items.filter(
        (s) =>
          (filter.fiscalYear === undefined || s.calendar.fiscalYear === filter.fiscalYear) &&
          (filter.state === undefined || s.item.state === filter.state),
      );
      return filter.limit === undefined ? [...out] : out.slice(0, filter.limit);
    },
    async getItem(itemId) {
      return items.find((s) => s.item.id === itemId) ?? null;
    },
    async regionFacts(regionId, fiscalYear) {
      return regions.find((r) => r.regionId === regionId && r.fiscalYear === fiscalYear) ?? null;
    },
  };
}
