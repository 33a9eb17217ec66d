import { inScope, narrowActor, type Platform } from '@jixiao/db';
import {
  BIND_NOT_ALLOWED,
  bindGroup,
  type GroupBinding,
  getGroupBinding,
  listOrgUnitsInScope,
  mayBindGroup,
} from '@jixiao/db/chat';
import { type Answer, type BotContext, type GroupScope, neutral, type Official } from './context.ts';
import { boundReply } from './handlers/confirm.ts';
import { fuzzyMatch } from './parser/index.ts';
import { renderConfirmation } from './render/confirm.ts';
import { callbackButton, echo, md } from './render/format.ts';

/** The binding of a group conversation (none for a single chat). */
export function loadGroupBinding(
  platform: Platform,
  conversation: { id: string; type: 'single' | 'group' },
): Promise<GroupBinding | null> {
  return conversation.type === 'group'
    ? getGroupBinding(platform.db, conversation.id)
    : Promise.resolve(null);
}

/** How a conversation limits answers: bound group → the bound department within the asker's scope. */
export function groupScopeFor(
  official: Official,
  conversation: { id: string; type: 'single' | 'group' },
  binding: GroupBinding | null,
): GroupScope {
  if (conversation.type !== 'group') return { kind: 'single' };
  if (!binding) return { kind: 'unbound' };
  const actor = narrowActor(official.actor, binding.org.path);
  if (!actor) return { kind: 'outside', orgName: binding.org.name };
  return { kind: 'bound', orgName: binding.org.name, actor };
}

const BIND =
  /^(?:绑定本群|本群绑定|绑定群聊|绑定此群|绑定该群|绑定这个群|群绑定)\s*(?:到|至|为|给)?\s*[:：]?\s*(.*)$/u;
const UNBIND = /^(?:解绑本群|本群解绑|解除本群绑定|取消本群绑定|解除绑定|取消绑定|解绑)$/u;

/** "解绑本群": shown on a card; the binding is removed only on 确认. */
async function prepareUnbind(ctx: BotContext): Promise<Answer> {
  const bound = await getGroupBinding(ctx.platform.db, ctx.conversation.id);
  if (!bound) return neutral({ title: '解除绑定', markdown: '本群尚未绑定部门，无需解绑。' });
  const actor = ctx.official.actor;
  if (!inScope(actor, bound.org.path) || !mayBindGroup(actor, bound.org.path))
    return neutral({
      title: '无法解绑',
      markdown: `本群绑定的是${md(bound.org.name)}，只有其绩效专员或财政部门可以解绑。`,
    });
  const token = ctx.memory.createPending({
    kind: 'unbind_group',
    conversationId: ctx.conversation.id,
    orgName: bound.org.name,
  });
  return neutral(
    renderConfirmation(
      '请确认解除绑定',
      `将解除本群与 **${md(bound.org.name)}** 的绑定，此后数据类问题将私信回复提问人。`,
      [{ label: '解除绑定', value: bound.org.name }],
      token,
    ),
  );
}

/**
 * "绑定本群 教育局": shown on a card (in the group); bound only on 确认. A group already bound to another
 * department changes hands only by someone who may bind that department too: refused up front.
 */
async function prepareBind(
  ctx: BotContext,
  org: { id: number; name: string; path: string },
): Promise<Answer> {
  if (!mayBindGroup(ctx.official.actor, org.path))
    return neutral({ title: '无法绑定', markdown: BIND_NOT_ALLOWED });
  const current = await getGroupBinding(ctx.platform.db, ctx.conversation.id);
  if (current && current.org.id !== org.id && !mayBindGroup(ctx.official.actor, current.org.path)) {
    return neutral({
      title: '无法改绑',
      markdown: `本群已绑定${md(current.org.name)}，只有${md(current.org.name)}的绩效专员或财政部门可以改绑。`,
    });
  }
  const token = ctx.memory.createPending({
    kind: 'bind_group',
    conversationId: ctx.conversation.id,
    title: ctx.conversation.title ?? null,
    orgUnitId: org.id,
    orgName: org.name,
  });
  return neutral(
    renderConfirmation(
      '请确认绑定本群',
      `将把本群绑定到 **${md(org.name)}**，此后在本群提问只显示该部门的数据。`,
      [{ label: '绑定部门', value: org.name }],
      token,
    ),
  );
}

/** "绑定本群 教育局" / "解绑本群": the group commands, or undefined when the text is neither. */
export async function groupCommand(ctx: BotContext, text: string): Promise<Answer | undefined> {
  const unbind = UNBIND.test(text);
  const bind = unbind ? null : BIND.exec(text);
  if (!unbind && !bind) return undefined;
  if (ctx.conversation.type !== 'group') {
    return neutral({
      title: '绑定群聊',
      markdown: '请在需要绑定的群聊中 @绩效通 发送“绑定本群 部门名称”，之后该群只显示这个部门的数据。',
    });
  }
  if (unbind) return prepareUnbind(ctx);
  const name = (bind?.[1] ?? '').trim();
  if (!name) return bindingStatus(ctx);
  const orgs = await listOrgUnitsInScope(ctx.platform.db, ctx.official.actor);
  const matches = fuzzyMatch(name, orgs, (o) => o.name, { limit: 5, minScore: 0.7 });
  const [top, second] = matches;
  if (!top) {
    return neutral({
      title: '绑定群聊',
      markdown: `没有找到名为“${echo(name)}”的部门，或该部门不在您的数据范围内。`,
    });
  }
  if (second && top.score < 1 && top.score - second.score < 0.05) {
    return neutral({
      title: '请选择要绑定的部门',
      markdown: `找到多个与“${echo(name)}”相近的部门，请选择：\n\n${matches.map((m, i) => `${i + 1}. ${md(m.item.name)}`).join('\n')}`,
      buttons: matches.map((m) => callbackButton(m.item.name, 'bind', { orgUnitId: String(m.item.id) })),
    });
  }
  return prepareBind(ctx, top.item);
}

/** The bind button of one department (it names exactly that binding): binds the current group. */
export async function bindTo(ctx: BotContext, orgUnitId: number): Promise<Answer> {
  if (ctx.conversation.type !== 'group') {
    return neutral({ title: '绑定群聊', markdown: '只有群聊可以绑定部门。' });
  }
  const bound = await bindGroup(ctx.platform, ctx.official.actor, {
    conversationId: ctx.conversation.id,
    title: ctx.conversation.title ?? null,
    orgUnitId,
  });
  return neutral(boundReply(bound.org.name));
}

async function bindingStatus(ctx: BotContext): Promise<Answer> {
  const binding = await getGroupBinding(ctx.platform.db, ctx.conversation.id);
  return neutral({
    title: '本群绑定情况',
    markdown: binding
      ? `本群已绑定 **${md(binding.org.name)}**。如需更换，请发送“绑定本群 部门名称”。`
      : '本群尚未绑定部门。发送“绑定本群 部门名称”即可绑定，绑定后本群只显示该部门的数据。',
  });
}
