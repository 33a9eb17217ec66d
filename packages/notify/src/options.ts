import type { Platform } from '@jixiao/db';
import type { OutgoingFile } from './channel.ts';

/**
 * Makes the file an outbox row of a file kind sends (e.g. the 通报 DOCX of `management_ranking_file`);
 * null when what it was made from is gone. Given by the server, which has the document makers.
 */
export type FileMaker = (
  platform: Platform,
  payload: Record<string, unknown>,
) => Promise<OutgoingFile | null>;

/** Settings shared by the outbox worker and the notification schedules. */
export interface NotifyOptions {
  /** The makers of files sent as messages, by outbox kind. */
  files?: Readonly<Record<string, FileMaker>>;
  /** Base URL of this server, for links in messages and to-dos (default ''). */
  publicUrl?: string;
  /**
   * The link that opens a page (`/view/tasks/12`) as the given user: signed and expiring, made by
   * the server. Without it links are unsigned and open a page saying the link is not valid.
   */
  viewLink?: (userId: number, path: string) => string;
  acknowledgement?: {
    /** Re-send an unacknowledged notice after this long (default 24 h). */
    resendAfterMs?: number;
    /** Re-sends before escalating to the department head (default 2). */
    maxResends?: number;
    /** How often the follow-up job looks for due notices (default 15 min). */
    checkEveryMs?: number;
  };
  reminders?: {
    /** Remind when the deadline is this many days away or less (default 3). */
    daysBefore?: number;
    /** Time of day, China time (default '09:00'). */
    at?: string;
  };
  overdue?: {
    /** Time of day, China time, of the overdue check (default '09:30'). */
    at?: string;
  };
  digest?: {
    /** Day of the week, 0 = Sunday … 6 = Saturday, China time (default 1, Monday). */
    weekday?: number;
    /** Time of day, China time (default '09:00'). */
    at?: string;
  };
}

export interface ResolvedNotifyOptions {
  files: Readonly<Record<string, FileMaker>>;
  publicUrl: string;
  viewLink: (userId: number, path: string) => string;
  acknowledgement: { resendAfterMs: number; maxResends: number; checkEveryMs: number };
  reminders: { daysBefore: number; at: string };
  overdue: { at: string };
  digest: { weekday: number; at: string };
}

const HOUR = 3_600_000;

export function resolveNotifyOptions(o: NotifyOptions = {}): ResolvedNotifyOptions {
  const publicUrl = (o.publicUrl ?? '').replace(/\/+$/, '');
  return {
    files: o.files ?? {},
    publicUrl,
    viewLink: o.viewLink ?? ((_userId, path) => `${publicUrl}${path}`),
    acknowledgement: {
      resendAfterMs: o.acknowledgement?.resendAfterMs ?? 24 * HOUR,
      maxResends: o.acknowledgement?.maxResends ?? 2,
      checkEveryMs: o.acknowledgement?.checkEveryMs ?? 15 * 60_000,
    },
    reminders: { daysBefore: o.reminders?.daysBefore ?? 3, at: o.reminders?.at ?? '09:00' },
    overdue: { at: o.overdue?.at ?? '09:30' },
    digest: { weekday: o.digest?.weekday ?? 1, at: o.digest?.at ?? '09:00' },
  };
}
