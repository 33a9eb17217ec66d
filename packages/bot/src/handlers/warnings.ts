import { ACTIVE_WARNING_STATUSES, SEVERITIES, WARNING_STATUSES, type WarningStatus } from '@jixiao/core';
import { listChatWarnings } from '@jixiao/db/chat';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { LIST_CAP } from '../render/format.ts';
import { renderWarningList } from '../render/warnings.ts';
import { actorForPlace, resolveFundType, resolveTarget, unknownFundType } from '../resolve-subject.ts';
import { actorForScope } from '../scopes.ts';

const STATUSES: Record<'open' | 'acknowledged' | 'all' | 'active', readonly WarningStatus[]> = {
  open: ['open', 'escalated'],
  acknowledged: ['acknowledged'],
  all: WARNING_STATUSES,
  active: ACTIVE_WARNING_STATUSES,
};

const STATUS_WORD = { open: '未处理的', acknowledged: '已签收的', all: '', active: '' } as const;

/**
 * 我的预警 / 本部门红色预警 / 全部预警, narrowed to what the question names: an item
 * ("JDZ-2026-0012有几条预警"), a department or unit ("住建局的预警"), a fund type ("PPP项目的预警").
 * "我的" is personal; the rest follow the conversation's scope. A department outside the scope is
 * said to be so before the asker's own warnings are shown.
 */
export async function warningsAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'warnings' }>,
): Promise<Answer> {
  const mine = intent.scope === 'mine';
  let actor = actorForScope(mine ? ctx.official.actor : ctx.dataActor, intent.scope, ctx.official);
  let fundType: { id: string; name: string } | null = null;
  if (intent.fundType) {
    fundType = resolveFundType(ctx.platform.registry, intent.fundType);
    if (!fundType) return unknownFundType(ctx.platform.registry, intent.fundType, (n) => `${n}的预警`);
  }
  const target = await resolveTarget(ctx, actor, intent.subject, { purpose: 'item_warnings' });
  if (target.kind === 'answer') return target.answer;
  let where = mine
    ? '我的'
    : intent.scope === 'department'
      ? '本部门'
      : ctx.group.kind === 'bound'
        ? `${ctx.group.orgName}`
        : '';
  let note = '';
  if (target.kind === 'place') {
    const directory = await ctx.orgDirectory.get(ctx.platform);
    const scoped = actorForPlace(
      actor,
      target.place,
      directory.scopeName(actor) ?? ctx.official.departmentName,
    );
    actor = scoped.actor;
    where = scoped.title;
    note = scoped.note ? `${scoped.note}\n\n` : '';
  } else if (target.kind === 'item') {
    where = `${target.item.code} ${target.item.name}`;
    ctx.memory.rememberItem(target.item);
  }
  const status = intent.status ?? 'active';
  const list = await listChatWarnings(ctx.platform.db, actor, {
    severity: intent.severity,
    statuses: STATUSES[status],
    noticeUserId: ctx.official.userId,
    limit: LIST_CAP,
    ...(target.kind === 'item' ? { itemId: target.item.id } : {}),
    ...(fundType ? { fundTypeId: fundType.id } : {}),
  });
  const severity = intent.severity ? SEVERITIES.labels[intent.severity] : '预警';
  const fund = fundType ? `${fundType.name}` : '';
  const title = `${where}${where && fund ? ' ' : ''}${fund}${STATUS_WORD[status]}${severity}`;
  const top = list.rows[0];
  if (top) ctx.memory.rememberWarning(top.id);
  const empty = `${mine ? '您' : target.kind === 'all' && !fund ? '当前范围内' : `${where}${fund}`}没有${STATUS_WORD[status]}${severity}。`;
  const reply = renderWarningList(title, list, ctx.official.actor, empty);
  const withNote = note ? { ...reply, markdown: `${note}${reply.markdown}` } : reply;
  return mine ? personal(withNote) : data(withNote);
}
