import { ownerRectificationLine, type ReplyField } from '@jixiao/core';
import { loadActor, today } from '@jixiao/db';
import { ownerRectifications } from '@jixiao/db/accountability';
import { payloadString } from './payload.ts';
import type { Renderer } from './types.ts';

const SHOWN = 10;

/**
 * 整改与问责提醒 (§十五): a project owner's open rectifications on their projects, with deadlines,
 * whether overdue, and whether an accountability case is open or the project is a major one owned
 * for life. Read at sending time; nothing left open, nothing sent.
 */
export const renderOwnerRectifications: Renderer = async (ctx, row) => {
  const period = payloadString(row.payload, 'period');
  if (period === null || row.recipientUserId === null)
    return { kind: 'fail', error: '整改提醒缺少周期或收件人' };
  const actor = await loadActor(ctx.platform.db, row.recipientUserId);
  if (!actor) return { kind: 'cancel', reason: '用户已停用' };
  const open = await ownerRectifications(ctx.platform.db, actor, today(ctx.platform));
  if (open.length === 0) return { kind: 'cancel', reason: '已无未完成的整改' };
  const overdue = open.filter((r) => r.overdueDays > 0).length;
  const cases = new Set(open.flatMap((r) => r.openCases.map((c) => c.id))).size;
  const lines = open.slice(0, SHOWN).map((r, i) => `${i + 1}. ${ownerRectificationLine(r)}`);
  if (open.length > SHOWN) lines.push(`等共 ${open.length} 项`);
  const fields: ReplyField[] = [
    { label: '未完成整改', value: `${open.length} 项` },
    { label: '已逾期', value: `${overdue} 项` },
    { label: '问责调查中', value: `${cases} 件` },
  ];
  return {
    kind: 'send',
    reply: {
      title: '【整改提醒】您负责项目的未完成整改',
      markdown: [
        `您作为项目责任人，以下 ${open.length} 项整改尚未完成${overdue ? `，其中 ${overdue} 项已逾期` : ''}：`,
        lines.join('\n'),
        '项目责任人对项目预算绩效负责，重大项目实行绩效终身责任追究（景党发〔2019〕18号§十五）。',
      ].join('\n\n'),
      fields,
      buttons: [{ label: '我负责的整改', kind: 'command', text: '我负责的整改' }],
    },
  };
};
