import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);
const MAX_DEPTH = 32;

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Paths of keys in `value` that `schema` does not declare (zod's plain objects drop them
 * silently). Objects that accept extra keys (`z.looseObject`, a `catchall`) are taken at their
 * word; inside unions and intersections nothing is reported.
 *
 * @example
 * unknownKeyPaths(z.object({ a: z.number() }), { a: 1, b: 2 }) // [['b']]
 */
export function unknownKeyPaths(schema: z.ZodType, value: unknown, path: string[] = []): string[][] {
  if (path.length > MAX_DEPTH) return [];
  let def = defOf(schema);
  for (let i = 0; i < MAX_DEPTH; i++) {
    const inner = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) break;
    def = defOf(inner);
  }
  if (def.type === 'object' && def.shape && isPlainObject(value)) {
    const shape = def.shape;
    return Object.entries(value).flatMap(([key, v]) => {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (field) return unknownKeyPaths(field, v, [...path, key]);
      return def.catchall ? [] : [[...path, key]];
    });
  }
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.flatMap((v, i) => unknownKeyPaths(element, v, [...path, String(i)]));
  }
  if (def.type === 'record' && def.valueType && isPlainObject(value)) {
    const valueType = def.valueType;
    return Object.entries(value).flatMap(([key, v]) => unknownKeyPaths(valueType, v, [...path, key]));
  }
  return [];
}
