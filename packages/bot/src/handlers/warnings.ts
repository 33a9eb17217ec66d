import { ACTIVE_WARNING_STATUSES, SEVERITIES, WARNING_STATUSES, type WarningStatus } from '@jixiao/core';
import { listChatWarnings } from '@jixiao/db/chat';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { LIST_CAP } from '../render/format.ts';
import { renderWarningList } from '../render/warnings.ts';
import { actorForScope } from '../scopes.ts';

const STATUSES: Record<'open' | 'acknowledged' | 'all' | 'active', readonly WarningStatus[]> = {
  open: ['open', 'escalated'],
  acknowledged: ['acknowledged'],
  all: WARNING_STATUSES,
  active: ACTIVE_WARNING_STATUSES,
};

const STATUS_WORD = { open: '未处理的', acknowledged: '已签收的', all: '', active: '' } as const;

/** 我的预警 / 本部门红色预警 / 全部预警. "我的" is personal; the rest follow the conversation's scope. */
export async function warningsAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'warnings' }>,
): Promise<Answer> {
  const mine = intent.scope === 'mine';
  const actor = actorForScope(mine ? ctx.official.actor : ctx.dataActor, intent.scope, ctx.official);
  const status = intent.status ?? 'active';
  const list = await listChatWarnings(ctx.platform.db, actor, {
    severity: intent.severity,
    statuses: STATUSES[status],
    noticeUserId: ctx.official.userId,
    limit: LIST_CAP,
  });
  const who = mine
    ? '我的'
    : intent.scope === 'department'
      ? '本部门'
      : ctx.group.kind === 'bound'
        ? `${ctx.group.orgName}`
        : '';
  const severity = intent.severity ? SEVERITIES.labels[intent.severity] : '预警';
  const title = `${who}${STATUS_WORD[status]}${severity}`;
  const top = list.rows[0];
  if (top) ctx.memory.rememberWarning(top.id);
  const empty = `${mine ? '您' : '当前范围内'}没有${STATUS_WORD[status]}${severity}。`;
  const reply = renderWarningList(title, list, ctx.official.actor, empty);
  return mine ? personal(reply) : data(reply);
}
