/**
 * PostgreSQL's wire protocol counts a statement's bind parameters in 16 bits, and postgres.js
 * refuses 65,534 or more (MAX_PARAMETERS_EXCEEDED): one statement binds at most 65,533 values.
 */
const MAX_BIND_PARAMETERS = 65_533;

/**
 * Inserts rows in as few statements as the parameter limit allows: each statement gets as many
 * rows as fit when every row binds one parameter per column it sets. Results in row order.
 */
export async function insertInBatches<T extends object, R>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<R[]>,
  maxParameters = MAX_BIND_PARAMETERS,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const columns = Math.max(1, ...rows.map((r) => Object.values(r).filter((v) => v !== undefined).length));
  const perStatement = Math.max(1, Math.floor(maxParameters / columns));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perStatement)
    out.push(...(await insert(rows.slice(i, i + perStatement))));
  return out;
}
