import type { Answer, BotContext } from './context.ts';
import type { OutboundReply } from './engine-types.ts';

function privateNote(ctx: BotContext, kind: Answer['kind']): string {
  const name = ctx.official.name;
  if (kind === 'personal') return `已私信回复${name}。`;
  if (ctx.group.kind === 'outside')
    return `本群绑定的是${ctx.group.orgName}，不在${name}的数据范围内，已私信回复。`;
  return `本群尚未绑定部门，数据已私信发给${name}。如需在群内查看，请发送“绑定本群 部门名称”。`;
}

/**
 * Where each answer goes. Single chat: back to it. Group: help and errors stay; data stays only in a
 * bound group; personal answers (and data in an unbound group) go privately, with one short note in
 * the group. Without a conversation (a card callback), everything goes privately.
 */
export function deliver(
  ctx: BotContext,
  answers: readonly Answer[],
  hasConversation: boolean,
): OutboundReply[] {
  if (!hasConversation) return answers.map((a) => ({ audience: 'private', reply: a.reply }));
  if (ctx.conversation.type === 'single')
    return answers.map((a) => ({ audience: 'conversation', reply: a.reply }));
  const out: OutboundReply[] = [];
  let note: string | null = null;
  for (const a of answers) {
    if (a.kind === 'neutral' || (a.kind === 'data' && ctx.group.kind === 'bound')) {
      out.push({ audience: 'conversation', reply: a.reply });
    } else {
      out.push({ audience: 'private', reply: a.reply });
      note ??= privateNote(ctx, a.kind);
    }
  }
  if (note) out.push({ audience: 'conversation', reply: { title: '已私信回复', markdown: note } });
  return out;
}
