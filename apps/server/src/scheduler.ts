import type { Platform } from '@jixiao/db';
import { checkpointAuditChain, runDailyAuditVerification } from '@jixiao/db/audit';
import { runSweep } from '@jixiao/db/monitoring';
import { claimDueRun, nextDailyAt } from '@jixiao/db/schedules';
import { nextEvery } from '@jixiao/notify';
import type { AuditConfig } from './config.ts';

export interface ScheduledJob {
  name: string;
  nextAfter: (now: Date) => Date;
  run: () => Promise<unknown>;
}

export interface Scheduler {
  /** Checks every job once (tests call this instead of waiting for the timer). */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * Runs jobs whose schedule is due. Schedules live in the database and are claimed by
 * compare-and-swap, so with several servers exactly one runs each occurrence.
 */
export function startScheduler(
  platform: Platform,
  jobs: readonly ScheduledJob[],
  intervalMs = 30_000,
): Scheduler {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const job of jobs) {
        try {
          if (await claimDueRun(platform.db, job.name, platform.now(), job.nextAfter)) await job.run();
        } catch (err) {
          console.error(`[scheduler] ${job.name} 运行失败：`, err instanceof Error ? err.message : err);
        }
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

/** The daily monitoring sweep (双监控), at `hhmm` China time. */
export function sweepJob(platform: Platform, hhmm: string): ScheduledJob {
  return {
    name: 'monitoring-sweep',
    nextAfter: nextDailyAt(hhmm),
    run: () => runSweep(platform, { trigger: 'schedule' }),
  };
}

/**
 * The audit chain's schedules: a signed checkpoint every `checkpointEveryMinutes` (skipped while
 * nothing was appended; each sweep also ends with one), and the whole-chain verification daily
 * at `verifyAt`, which alerts the audit and finance bureaus when it fails.
 */
export function auditJobs(platform: Platform, audit: AuditConfig): ScheduledJob[] {
  return [
    {
      name: 'audit-checkpoint',
      nextAfter: nextEvery(audit.checkpointEveryMinutes * 60_000),
      run: () => checkpointAuditChain(platform),
    },
    {
      name: 'audit-verify',
      nextAfter: nextDailyAt(audit.verifyAt),
      run: () => runDailyAuditVerification(platform),
    },
  ];
}
