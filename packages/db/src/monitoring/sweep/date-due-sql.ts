import type { DateChange } from '@jixiao/plugin-kit';
import { type SQL, sql } from 'drizzle-orm';

/**
 * `dateMayChange` of plugin-kit in SQL, over a work-table row `i` (`attributes` jsonb, `fy`): whether
 * a day on which a rule declaring `changes` can answer differently lies after `from` and up to `to`.
 * Equal to the TypeScript by a property test on the real database (`test/date-due-sql.test.ts`).
 */
export function dateMayChangeSql(changes: readonly DateChange[], from: string, to: string): SQL {
  if (from >= to) return sql`false`;
  const fromYear = Number(from.slice(0, 4));
  const toYear = Number(to.slice(0, 4));
  const parts = changes.map((c): SQL => {
    if (c === 'fiscalYear') return sql`(${fromYear}::int <= i.fy and ${toYear}::int >= i.fy)`;
    if (c === 'fiscalYearEnd') return sql`(${fromYear}::int <= i.fy and ${toYear}::int > i.fy)`;
    const at = sql`(i.attributes ->> ${c.after}::text)`;
    const unless = c.unless ? sql` and (i.attributes ->> ${c.unless}::text) is null` : sql``;
    // Anything but a well-formed date may change any day.
    return sql`(${at} is not null${unless} and (jsonb_typeof(i.attributes -> ${c.after}::text) <> 'string'
      or ${at} !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' or ${at} collate "C" < ${to}::text collate "C"))`;
  });
  return parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}
