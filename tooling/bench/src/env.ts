// The only place the bench reads the environment (Biome's noProcessEnv allows it here).

/** The PostgreSQL server the benchmarks create their databases on (an admin connection). */
export const BENCH_ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** How many sweeps `sweep-only.ts` runs in one process (`SWEEPS`, default 2). */
export const SWEEP_REPEATS = Number(process.env.SWEEPS ?? 2);

/** The environment of a child process: ours, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Items of the scaled-down province `npm run bench -- change` builds (`CHANGE_ITEMS`, default 20,000). */
export const CHANGE_ITEMS = Number(process.env.CHANGE_ITEMS ?? 20_000);
