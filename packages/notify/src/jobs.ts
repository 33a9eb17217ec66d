import { ownerReminderPeriod } from '@jixiao/core';
import { type Platform, today } from '@jixiao/db';
import { queueOwnerReminders } from '@jixiao/db/accountability';
import { queueWeeklyDigest } from '@jixiao/db/digest';
import { queueEvaluationReminders } from '@jixiao/db/evaluations';
import { queueNoticeFollowUps } from '@jixiao/db/notices';
import { queueMonthlyLeaderDigest } from '@jixiao/db/publications';
import { queueDeadlineReminders, queueOverdueEscalations } from '@jixiao/db/rectification';
import { nextDailyAt } from '@jixiao/db/schedules';
import { queueTargetReminders } from '@jixiao/db/target-reviews';
import { type NotifyOptions, resolveNotifyOptions } from './options.ts';
import { nextEvery, nextMonthlyAt, nextWeeklyAt } from './schedule-times.ts';

/** Same shape as the server scheduler's ScheduledJob (apps/server/src/scheduler.ts). */
export interface NotifyJob {
  name: string;
  nextAfter: (now: Date) => Date;
  run: () => Promise<unknown>;
}

/**
 * The notification schedules. The server's scheduler claims each occurrence in the database
 * (claimDueRun), so with several servers one runs it; each job is also idempotent on its own
 * (dedupe keys, `escalated_at`, SKIP LOCKED), so a repeated run adds nothing.
 *
 * - `notify-deadline-reminders` (daily, reminders.at): 整改提醒 for open tasks due within N days.
 * - `notify-evaluation-reminders` (daily, reminders.at): 评价到期提醒 of self-evaluations not yet submitted before their deadline and of experts' unsubmitted key-evaluation scores before the due date, once per due date.
 * - `notify-overdue-escalation` (daily, overdue.at): 逾期督办 to the department head and the assignee, once per task.
 * - `notify-target-reminders` (daily, reminders.at): 预算编报提醒 of assessments and targets still to do before the budget deadline, once a day per officer.
 * - `notify-weekly-digest` (weekly, digest.weekday at digest.at): 绩效周报 to subscribed users.
 * - `notify-leader-digest` (monthly, the 1st at digest.at): 领导月报 to region leaders (publications, ranking, chart).
 * - `notify-owner-rectifications` (policy `resultApplication.ownerReminders`: weekly or monthly at reminders.at):
 *   整改提醒 to each project owner of the open rectifications on their projects with their accountability status, once per period.
 * - `notify-notice-follow-ups` (every acknowledgement.checkEveryMs): re-send unacknowledged notices, then escalate.
 */
export function notifyJobs(platform: Platform, options: NotifyOptions = {}): NotifyJob[] {
  const o = resolveNotifyOptions(options);
  const owners = platform.config.resultApplication.ownerReminders;
  return [
    {
      name: 'notify-deadline-reminders',
      nextAfter: nextDailyAt(o.reminders.at),
      run: () =>
        queueDeadlineReminders(platform.db, {
          today: today(platform),
          daysBefore: o.reminders.daysBefore,
          now: platform.now(),
        }),
    },
    {
      name: 'notify-target-reminders',
      nextAfter: nextDailyAt(o.reminders.at),
      run: () =>
        queueTargetReminders(platform.db, platform.config, { today: today(platform), now: platform.now() }),
    },
    {
      name: 'notify-evaluation-reminders',
      nextAfter: nextDailyAt(o.reminders.at),
      run: () =>
        queueEvaluationReminders(platform.db, platform.config, {
          today: today(platform),
          now: platform.now(),
        }),
    },
    {
      name: 'notify-overdue-escalation',
      nextAfter: nextDailyAt(o.overdue.at),
      run: () => queueOverdueEscalations(platform.db, { today: today(platform), now: platform.now() }),
    },
    {
      name: 'notify-weekly-digest',
      nextAfter: nextWeeklyAt(o.digest.weekday, o.digest.at),
      run: () => queueWeeklyDigest(platform.db, { asOf: today(platform), now: platform.now() }),
    },
    {
      name: 'notify-leader-digest',
      nextAfter: nextMonthlyAt(o.digest.at),
      run: () => queueMonthlyLeaderDigest(platform.db, { asOf: today(platform), now: platform.now() }),
    },
    {
      name: 'notify-owner-rectifications',
      nextAfter:
        owners.cadence === 'weekly'
          ? nextWeeklyAt(owners.weekday, o.reminders.at)
          : nextMonthlyAt(o.reminders.at, owners.dayOfMonth),
      run: () =>
        queueOwnerReminders(platform.db, {
          period: ownerReminderPeriod(today(platform), owners),
          now: platform.now(),
        }),
    },
    {
      name: 'notify-notice-follow-ups',
      nextAfter: nextEvery(o.acknowledgement.checkEveryMs),
      run: () =>
        queueNoticeFollowUps(platform.db, {
          now: platform.now(),
          maxResends: o.acknowledgement.maxResends,
          intervalMs: o.acknowledgement.resendAfterMs,
        }),
    },
  ];
}
