import { hostname } from 'node:os';
import { chinaInstant, todayInChina } from '@jixiao/core';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { schedules } from '../schema/index.ts';

/**
 * Claims a due run of a named schedule. The claim moves `nextRunAt` forward with a
 * compare-and-swap, so when several servers share the database exactly one gets each run.
 * Returns true when this process should run the job now.
 */
export async function claimDueRun(
  db: Db,
  name: string,
  now: Date,
  nextAfter: (now: Date) => Date,
): Promise<boolean> {
  await db
    .insert(schedules)
    .values({ name, nextRunAt: nextAfter(now) })
    .onConflictDoNothing();
  const rows = await db.select().from(schedules).where(eq(schedules.name, name)).limit(1);
  const row = rows[0];
  if (!row || row.nextRunAt > now) return false;
  const claimed = await db
    .update(schedules)
    .set({ nextRunAt: nextAfter(now), lastRunAt: now, lastRunner: `${hostname()}:${process.pid}` })
    .where(and(eq(schedules.name, name), eq(schedules.nextRunAt, row.nextRunAt)))
    .returning({ name: schedules.name });
  return claimed.length === 1;
}

/** The next time of day `hh:mm` in China time after `now`. */
export function nextDailyAt(hhmm: string): (now: Date) => Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return (now) => {
    const candidate = chinaInstant(todayInChina(now), h, m);
    return candidate > now ? candidate : new Date(candidate.getTime() + 86_400_000);
  };
}
