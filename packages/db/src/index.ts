/**
 * The storage kernel every capability shares: connections, the platform handle, who is acting,
 * migrations. Each capability has its own entry point (`@jixiao/db/items`, `/monitoring`, …; see
 * package.json `exports` and docs/architecture.md).
 */
export * from './actor.ts';
export * from './client.ts';
export * from './data-dir-lock.ts';
export * from './migrate.ts';
export * from './pg-errors.ts';
export * from './platform.ts';
