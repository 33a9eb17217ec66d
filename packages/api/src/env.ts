import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor, Platform } from '@jixiao/db';
import type { AttachmentLimits } from '@jixiao/db/attachments';
import type { WorkbookLimits } from '@jixiao/forms';
import type { ClientAddress } from './guards/rate-limit.ts';
import type { ApiLimits } from './limits.ts';

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
  /** Size and types of uploaded files (default: 20 MB; PDF, images, Office documents). */
  attachmentLimits?: AttachmentLimits;
  /** Size, unpacked size and rows of imported workbooks (default: DEFAULT_WORKBOOK_LIMITS, 10 MB). */
  workbookLimits?: Partial<WorkbookLimits>;
  /** Extra apps mounted by the host (e.g. plugin routes), given the same auth. */
  /** Body bounds and rate limits (defaults: DEFAULT_API_LIMITS). */
  limits?: Partial<ApiLimits>;
  /** The caller's address for the per-address rate limit (default: the socket's peer). */
  clientAddress?: ClientAddress;
}

export interface AppEnv {
  Variables: {
    actor: Actor;
    requestId: string;
    /** Makes a revoked token stop working at once in this process (see bearerAuth). */
    forgetToken: (tokenId: number) => void;
    /** Set by a route that writes nothing (a stateless check): no monitoring judging is kicked after it. */
    wroteNothing?: boolean;
  };
}

export type App = OpenAPIHono<AppEnv>;
