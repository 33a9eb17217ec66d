import { chinaDateTime, NotFoundError, warningBatchTitle } from '@jixiao/core';
import { acknowledgeNotice, listPendingNotices, type NoticeRow } from '@jixiao/db/notices';
import { type Answer, type BotContext, personal } from '../context.ts';
import { commandButton } from '../render/format.ts';

/** "warning:12" → "预警 #12". */
export function describeSubject(subject: string): string {
  const [kind, id] = subject.split(':');
  if (kind === 'warning') return `预警 #${id}`;
  if (kind === 'task') return `整改任务 #${id}`;
  if (kind === 'feedback') return `公众留言 #${id}`;
  if (kind === 'ranking') return `预算绩效管理工作考核通报 #${id}`;
  if (kind === 'warning_batch') return warningBatchTitle(id ?? '');
  if (kind === 'spot_check') return `自评抽查结果 #${id}`;
  if (kind === 'evaluation_result') return `绩效评价结果 #${id}`;
  if (kind === 'budget_proposal') return `预算安排建议 #${id}`;
  if (kind === 'target_reminder') return `${id}年度事前评估和绩效目标报送提醒`;
  if (kind === 'key_evaluation') return `重点评价任务 #${id}`;
  if (kind === 'spot_check_review') return `抽查复核任务 #${id}`;
  if (kind === 'self_evaluation_reminder') return `${id}年度绩效自评报送提醒`;
  return subject;
}

async function receipt(ctx: BotContext, notice: NoticeRow): Promise<Answer> {
  const left = await listPendingNotices(ctx.platform.db, ctx.official.actor, 11);
  const more =
    left.length > 0
      ? `\n\n您还有 ${left.length > 10 ? '10 条以上' : `${left.length} 条`}通知待签收，回复“收到”逐条签收。`
      : '';
  const [kind, id] = notice.subject.split(':');
  const buttons =
    kind === 'warning'
      ? [commandButton('查看预警', `预警#${id}是怎么回事`)]
      : kind === 'warning_batch'
        ? [commandButton('查看预警', '我的预警')]
        : kind === 'task' || kind === 'spot_check' || kind === 'evaluation_result'
          ? [commandButton('我的整改任务', '我的整改任务')]
          : kind === 'budget_proposal'
            ? [commandButton('明年控制数', '明年控制数')]
            : kind === 'key_evaluation'
              ? [commandButton('查看评分', `评分 ${id}`)]
              : kind === 'spot_check_review'
                ? [commandButton('查看待复核自评', `复核抽查 ${id}`)]
                : [commandButton('我的待办', '我的待办')];
  return personal({
    title: '已签收',
    markdown: `已签收${describeSubject(notice.subject)}的通知（${chinaDateTime(notice.acknowledgedAt ?? ctx.platform.now())}）。${more}`,
    buttons,
  });
}

/** 收到 / 收到 预警12: acknowledges the named notice, or the newest one still pending. */
export async function acknowledgeAnswer(
  ctx: BotContext,
  opts: { subject?: string; ref?: string; via: 'button' | 'reply' },
): Promise<Answer> {
  const subjects = opts.subject
    ? [opts.subject]
    : opts.ref && /^\d{1,9}$/.test(opts.ref)
      ? [`warning:${opts.ref}`, `task:${opts.ref}`]
      : [undefined];
  for (const subject of subjects) {
    try {
      const notice = await acknowledgeNotice(ctx.platform, ctx.official.actor, {
        ...(subject ? { subject } : {}),
        via: opts.via,
      });
      if (notice) return receipt(ctx, notice);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const what = subjects[0] ? `${describeSubject(subjects[0])}的` : '';
  return personal({
    title: '没有待签收的通知',
    markdown: `您没有${what}待签收通知（可能已经签收过）。`,
  });
}
