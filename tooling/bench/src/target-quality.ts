import type { PolicyConfig } from '@jixiao/core';
import { type Db, SYSTEM_ACTOR } from '@jixiao/db';
import { runQualitySql } from '@jixiao/db/target-reviews';
import { sql } from 'drizzle-orm';

class RolledBack extends Error {}

/**
 * The quality checks of every target waiting for review, in one set-based run: the province's
 * targets are all put to 待审核 inside a transaction that is rolled back afterwards, so the
 * dataset stays as the sweeps use it.
 */
export async function benchTargetQuality(db: Db, config: PolicyConfig): Promise<string[]> {
  const lines: string[] = [];
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`update performance_targets set status = 'submitted'`);
      await tx.execute(sql`analyze performance_targets`);
      // The floor: one bare aggregate pass over the same indicators.
      const t0 = performance.now();
      await tx.execute(sql`select target_id, count(*), sum(weight) from indicators group by target_id`);
      const floor = performance.now() - t0;
      const runs: number[] = [];
      let result: Awaited<ReturnType<typeof runQualitySql>> | null = null;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        result = await runQualitySql(tx, config, SYSTEM_ACTOR, { statuses: ['submitted'], limit: 200 });
        runs.push(performance.now() - t);
      }
      const r = result as NonNullable<typeof result>;
      const byRule = Object.entries(r.byRule)
        .map(([rule, n]) => `${rule} ${n.block + n.flag}`)
        .join(', ');
      lines.push(
        '| measure | time | notes |',
        '|---|---|---|',
        `| floor: bare aggregate of the indicators by target | ${(floor / 1000).toFixed(2)} s | |`,
        ...runs.map(
          (ms, i) =>
            `| quality checks of every submitted target, run ${i + 1} | ${(ms / 1000).toFixed(2)} s | ${r.targets} targets; ${r.targetsWithBlocking} with blocking findings, ${r.targetsWithFlags} flagged (${byRule}) |`,
        ),
        '',
        `Aim: ≤ 10 s on PostgreSQL. Best run ÷ floor: ${(Math.min(...runs) / floor).toFixed(1)}×.`,
      );
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return lines;
}
