// The only place the test harness reads the environment (Biome's noProcessEnv allows it here).

/**
 * `TEST_DATABASE_URL`: when set, test databases are created on that PostgreSQL server (an admin
 * connection); otherwise each test file gets an embedded PGlite.
 */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}
