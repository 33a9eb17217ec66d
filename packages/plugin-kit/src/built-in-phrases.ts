/**
 * Phrases the bot answers itself (the examples of its 帮助 and the words people use most). The bot
 * tries plugin commands first, so a plugin pattern that matched one of these would take that
 * command away from everyone: `definePlugin` refuses such a pattern. The bot's tests check that
 * each phrase here is one of its own commands.
 */
export const BUILT_IN_PHRASES: readonly string[] = [
  '帮助',
  '你好',
  '确认',
  '取消',
  '收到',
  '我的预警',
  '本部门红色预警',
  '未处理的预警',
  '预警',
  '查项目 JDZ-2026-0001 进度',
  'JDZ-2026-0001的指标',
  'JDZ-2026-0001的支付情况',
  '滞后项目',
  '本部门进度慢的前10个项目',
  '教育局执行情况',
  '按资金类型统计',
  '各县区执行情况',
  '本部门自评覆盖率',
  '我的整改任务',
  '提交整改 #5 已完成资金拨付',
  '预警#12是怎么回事',
  '填报 JDZ-2026-0001 改造校舍面积 完成 8000 平方米',
  '订阅周报',
  '退订周报',
];

/** The built-in phrases a pattern matches (a fresh copy of it, so a global flag carries no state). */
export function builtInPhrasesMatching(pattern: RegExp): string[] {
  const probe = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return BUILT_IN_PHRASES.filter((phrase) => probe.test(phrase) || probe.test(phrase.toLowerCase()));
}
