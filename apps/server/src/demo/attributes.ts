import type { DemoItem } from './generate.ts';
import type { Random } from './random.ts';

/** Fund-type attributes for a demo item; some items get values that trip that fund type's rules. */
export function demoAttributes(_item: DemoItem, _rng: Random, _index: number): Record<string, unknown> {
  return {};
}
