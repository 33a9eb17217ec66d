/**
 * JSON with object keys sorted at every level, so the same content always hashes the same. It
 * keeps what JSON (and JSONB) keeps of a value: Dates become ISO strings, undefined keys disappear.
 * The audit chain hashes entries in this form; the sweep's SQL builds the same text for its
 * entries (`packages/db/src/monitoring/sweep/audit-changes.ts`, proven equal by a property test).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, withSortedKeys);
}

/** JSON.stringify replacer: runs after toJSON, on every nested value. */
function withSortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  // A null prototype, so a "__proto__" key stays an ordinary key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}
