import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor, Platform } from '@jixiao/db';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: {
    kind: 'pglite' | 'postgres';
    location: string;
    migrations: { applied: number; available: number; upToDate: boolean; latest: string | null };
  };
  plugins: number;
  uptimeSeconds: number;
}

/** What the API needs from the server that hosts it. */
export interface ApiDeps {
  platform: Platform;
  health: () => Promise<HealthReport>;
  /** Extra apps mounted by the host (e.g. plugin routes), given the same auth. */
}

export interface AppEnv {
  Variables: {
    actor: Actor;
    requestId: string;
    /** Makes a revoked token stop working at once in this process (see bearerAuth). */
    forgetToken: (tokenId: number) => void;
  };
}

export type App = OpenAPIHono<AppEnv>;
