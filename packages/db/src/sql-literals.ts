import { type SQL, sql } from 'drizzle-orm';

/**
 * Literals for SQL that repeats a core rule: written into the statement rather than bound, so the
 * planner sees them (partial indexes, parallel plans). Only for values from code and validated
 * configuration, never for user input.
 */

function enumLiteral(value: string): string {
  if (!/^[a-z_]+$/.test(value)) throw new RangeError(`not an enum value: ${value}`);
  return `'${value}'`;
}

/** A text literal of an enum member from core. */
export function textSql(value: string): SQL {
  return sql.raw(enumLiteral(value));
}

/** `('a', 'b')` from enum members from core (for `in`). */
export function textListSql(values: readonly string[]): SQL {
  if (values.length === 0) throw new RangeError('empty SQL list');
  return sql.raw(`(${values.map(enumLiteral).join(', ')})`);
}

/** `array['a', 'b']::text[]` from enum members from core (for `&&` and `any`). */
export function textArraySql(values: readonly string[]): SQL {
  if (values.length === 0) throw new RangeError('empty SQL array');
  return sql.raw(`array[${values.map(enumLiteral).join(', ')}]::text[]`);
}

/** A finite number as a double-precision literal; written exactly (shortest round-trip form). */
export function float8Sql(n: number): SQL {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return sql.raw(`(${n})::float8`);
}

/** A safe integer as an integer literal. */
export function intSql(n: number): SQL {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return sql.raw(`(${n})::int`);
}
