import { type Answer, type BotContext, neutral } from '../context.ts';
import { pluginHelpLines } from '../plugin-commands.ts';
import { commandButton, md } from '../render/format.ts';
import { exampleItem, exampleQuery } from '../resolve-item.ts';

/** The core commands, with one of the asker's own items as the example (never another department's). */
function coreHelp(example: { code: string; name: string } | undefined): string[] {
  const code = example?.code ?? '<项目编码>';
  const name = example ? md(example.name) : '<项目名称>';
  return [
    '**预警**：我的预警 / 本部门红色预警 / 未处理的预警 / PPP项目的预警',
    `**项目**：查项目 ${code} 进度，或说项目名称的一部分（如“${name}进度”）`,
    '**接着问**：它的指标呢 / 它的支付情况',
    '**滞后**：滞后项目 / 本部门进度慢的前10个项目',
    '**汇总**：本部门执行情况 / 某单位执行情况 / 按资金类型统计 / 各县区执行情况 / 本部门自评覆盖率 / 本部门整体自评',
    '**待办**：我的待办（待提交或验收的整改、待签收的通知、待确认的操作）',
    '**整改**：我的整改任务 / 提交整改 #任务号 整改情况 / 下达整改 预警编号（财政） / 验收整改 #任务号、退回整改 #任务号 原因（财政） / 我负责的整改（作为项目责任人：期限、是否逾期、问责情况）',
    '**说明原因**：预警#编号是怎么回事（可接着回复原因和措施，确认后记录）',
    `**填报进度**：填报 ${code} 指标名称 完成 数值`,
    `**绩效目标**：目标审核到哪了 / 哪些目标被退回 / 答复 #编号 指标名称：答复内容 / 事前评估结论 ${code} / 待审核的目标（财政，可点“通过”“退回”）`,
    '**上传材料**：先问到某个项目，再把文件或图片发给我，确认后存为该项目的附件',
    `**评价**：评价结果 ${code}（经财政验收的重点评价）；评价组专家：评分 评价编号 / 评分 评价编号 1.1=4 1.2=5 / 提交评分 评价编号；抽查复核专家：复核抽查 记录编号 / 复核抽查 记录编号 82 复核意见；各县区财政运行评价`,
    '**签收**：收到（签收最新一条通知）',
    '**周报**：订阅周报 / 退订周报',
    '**群聊**：绑定本群 部门名称（绑定后群内只显示该部门的数据）',
  ];
}

export async function helpAnswer(ctx: BotContext): Promise<Answer> {
  const plugins = pluginHelpLines(ctx.platform.registry);
  const extra = plugins.length > 0 ? `\n\n**专项功能**\n${plugins.map((l) => `- ${l}`).join('\n')}` : '';
  const lines = coreHelp(await exampleItem(ctx));
  return neutral({
    title: '绩效通可以帮您',
    markdown: `${ctx.official.name}您好，可以这样问我：\n\n${lines.map((l) => `- ${l}`).join('\n')}${extra}\n\n填报、提交、说明原因、下达整改、订阅周报等会先请您确认再办理；只有回复“确认”或点“确认”按钮才会办理。`,
    buttons: [
      commandButton('我的预警', '我的预警'),
      commandButton('滞后项目', '滞后项目'),
      commandButton('我的待办', '我的待办'),
    ],
  });
}

export function greetingAnswer(ctx: BotContext): Answer {
  return neutral({
    title: '您好',
    markdown: `${ctx.official.name}您好，我是绩效通。可以问我预警、项目进度、滞后项目、整改任务等，回复“帮助”查看全部用法。`,
    buttons: [commandButton('帮助', '帮助'), commandButton('我的预警', '我的预警')],
  });
}

/** What the bot says when it cannot place a message (and no model is configured, or it failed). */
export async function notUnderstood(ctx: BotContext): Promise<Answer> {
  return neutral({
    title: '没听懂',
    markdown: `没听懂，可以试试：\n\n- 我的预警\n- ${await exampleQuery(ctx)} 进度\n- 滞后项目\n- 我的待办\n- 帮助`,
    buttons: [commandButton('帮助', '帮助'), commandButton('我的预警', '我的预警')],
  });
}
