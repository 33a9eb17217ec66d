// The only place the bench reads the environment (Biome's noProcessEnv allows it here).

/** The PostgreSQL server the benchmarks create their databases on (an admin connection). */
export const BENCH_ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Appended to every database a benchmark creates (`BENCH_DB_SUFFIX`, e.g. `evalperf`), so that two
 * people benchmarking on one PostgreSQL server never drop each other's database.
 */
export const BENCH_DB_SUFFIX = process.env.BENCH_DB_SUFFIX ?? '';

/** How many sweeps `sweep-only.ts` runs in one process (`SWEEPS`, default 2). */
export const SWEEP_REPEATS = Number(process.env.SWEEPS ?? 2);

/** The environment of a child process: ours, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Items of the scaled-down province `npm run bench -- change` builds (`CHANGE_ITEMS`, default 20,000). */
export const CHANGE_ITEMS = Number(process.env.CHANGE_ITEMS ?? 20_000);

/** The database and port of the workbook-import bench (`BENCH_FORMS_DB`, `BENCH_FORMS_PORT`), so parallel runs do not collide. */
export const FORMS_DB = process.env.BENCH_FORMS_DB ?? 'jixiao_bench_forms';
export const FORMS_PORT = Number(process.env.BENCH_FORMS_PORT ?? 3919);
