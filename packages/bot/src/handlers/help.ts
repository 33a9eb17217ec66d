import { type Answer, type BotContext, neutral } from '../context.ts';
import { pluginHelpLines } from '../plugin-commands.ts';
import { commandButton } from '../render/format.ts';

const CORE_HELP = [
  '**预警**：我的预警 / 本部门红色预警 / 未处理的预警',
  '**项目**：查项目 JDZ-2026-0001 进度，或说项目名称的一部分（如“市一中教学楼改造进度”）',
  '**接着问**：它的指标呢 / 它的支付情况',
  '**滞后**：滞后项目 / 本部门进度慢的前10个项目',
  '**汇总**：教育局执行情况 / 按资金类型统计 / 各县区执行情况 / 本部门自评覆盖率',
  '**整改**：我的整改任务 / 提交整改 #5 已完成资金拨付 / 下达整改 预警12（财政） / 验收整改 #5、退回整改 #5 缺少凭证（财政）',
  '**说明原因**：预警#12是怎么回事（可接着回复原因和措施）',
  '**填报进度**：填报 JDZ-2026-0001 改造校舍面积 完成 8000 平方米',
  '**签收**：收到（签收最新一条通知）',
  '**周报**：订阅周报 / 退订周报',
  '**群聊**：绑定本群 部门名称（绑定后群内只显示该部门数据）',
];

export function helpAnswer(ctx: BotContext): Answer {
  const plugins = pluginHelpLines(ctx.platform.registry);
  const extra = plugins.length > 0 ? `\n\n**专项功能**\n${plugins.map((l) => `- ${l}`).join('\n')}` : '';
  return neutral({
    title: '绩效通可以帮您',
    markdown: `${ctx.official.name}您好，可以这样问我：\n\n${CORE_HELP.map((l) => `- ${l}`).join('\n')}${extra}\n\n填报、提交和下达整改会先请您确认再办理。`,
    buttons: [
      commandButton('我的预警', '我的预警'),
      commandButton('滞后项目', '滞后项目'),
      commandButton('我的整改任务', '我的整改任务'),
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
export function notUnderstood(): Answer {
  return neutral({
    title: '没听懂',
    markdown:
      '没听懂，可以试试：\n\n- 我的预警\n- 查项目 JDZ-2026-0001 进度\n- 滞后项目\n- 我的整改任务\n- 帮助',
    buttons: [commandButton('帮助', '帮助'), commandButton('我的预警', '我的预警')],
  });
}
