import { hasPermission, NotFoundError } from '@jixiao/core';
import { getItem } from '@jixiao/db/items';
import { type Answer, type BotContext, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { md } from '../render/format.ts';

/**
 * A file or picture sent to the bot: offered as an attachment of the item the conversation is
 * about (the last item asked about), shown on a card and stored only on 确认. Without an item in
 * the conversation the officer is asked to name one first.
 */
export async function fileAnswer(
  ctx: BotContext,
  file: { downloadCode: string; fileName: string },
): Promise<Answer> {
  if (!hasPermission(ctx.official.actor.roles, 'attachments.write')) {
    return personal({ title: '无法保存附件', markdown: '您没有上传附件的权限。' });
  }
  if (!ctx.files) {
    return personal({
      title: '无法接收文件',
      markdown: '当前渠道不支持接收文件，请通过系统页面或接口上传附件。',
    });
  }
  const itemId = ctx.memory.lastItemId;
  if (itemId === undefined) {
    return personal({
      title: '请先说明是哪个项目的材料',
      markdown: `收到文件“${md(file.fileName)}”，但不知道它属于哪个项目。请先问一下该项目（例如“查项目 <编码>”），再发送一次文件。`,
    });
  }
  let item: Awaited<ReturnType<typeof getItem>>;
  try {
    item = await getItem(ctx.platform.db, ctx.official.actor, itemId);
  } catch (err) {
    if (err instanceof NotFoundError) {
      return personal({
        title: '没有找到项目',
        markdown: '上次问到的项目不在您的数据范围内，请先查询要上传材料的项目。',
      });
    }
    throw err;
  }
  const token = ctx.memory.createPending({
    kind: 'attach_file',
    itemId: item.id,
    itemCode: item.code,
    itemName: item.name,
    downloadCode: file.downloadCode,
    fileName: file.fileName,
  });
  return personal(
    renderConfirmation(
      '请确认保存附件',
      `将把您发送的文件保存为 **${md(item.name)}** 的附件（绩效目标及佐证材料），按文件内容核验类型并记录 SHA-256：`,
      [
        { label: '文件', value: file.fileName },
        { label: '项目', value: `${item.name}（${item.code}）` },
      ],
      token,
    ),
  );
}
