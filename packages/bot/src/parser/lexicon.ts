/**
 * The words officials actually use, grouped by meaning. Every pattern here runs on normalized text
 * (half-width, lower-case Latin, Chinese numerals already digits). `words()` and `alternation()` put
 * longer words first, so "执行得怎么样" wins over "怎么样"; the order inside a list does not matter.
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Space-separated words → array (keeps the long synonym lists readable). */
export function list(spaceSeparated: string): string[] {
  return spaceSeparated.split(' ');
}

/** A non-global regex matching any of `items` (longest first). */
export function words(items: readonly string[], flags = 'u'): RegExp {
  return new RegExp(alternation(items), flags);
}

/** `(?:a|b|c)` with longest alternatives first. */
export function alternation(items: readonly string[]): string {
  return `(?:${[...items]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})`;
}

/** Separators people put between words. */
export const PUNCT = '\\s,.!?~:;、…·|/\\\\_=+*^\\-';

// ——— politeness and filler ———

export const POLITE_PREFIX = new RegExp(
  `^(?:请问一下|请问下|请问|请你|请您|请|麻烦你|麻烦您|麻烦|劳驾|帮我们|帮我|帮忙|帮(?!助)|给我|替我|你好|您好|hi|hello|hey|嗨|哈喽|老师好|老师|领导|小助手|助手|绩效通|机器人|我想要|我想|我要|我需要|想要|想|能不能|能否|可不可以|可否|可以|那么|那(?=[它这该,\\s])|嗯+|哦|噢|额|呃|好的|ok)[${PUNCT}]*`,
  'u',
);

export const POLITE_SUFFIX = new RegExp(
  `[${PUNCT}]*(?:好吗|好不好|好嘛|可以吗|可以不|行吗|行不行|谢谢(?:你|您|啦|了)?|多谢(?:了|啦)?|感谢(?:你|您)?|辛苦(?:了|啦|你了|您了)?|麻烦(?:你|您)?了|拜托了?|please|thanks|thank you|thx|呢|吗|嘛|吧|啊|呀|哈|啦|哦|喔|哇|呗|咯|一下子?)$`,
  'u',
);

// ——— short replies ———

/** Yes-like replies that are not consent: "好的", "行", "嗯", "是的". They never run a write. */
const ASSENT_WORDS = list(
  '是 是的 对 对的 没错 好 好的 好滴 好嘞 好哒 好吧 好了 行 行的 可以 可以的 没问题 同意 就这样 嗯 嗯嗯 嗯呢 ok okay yes y 提交 办吧',
);
/** The only words that consent to a write shown on a card. */
const CONFIRM_WORDS = list(
  '确认 确定 确认提交 确定提交 确认填报 确认下达 确认办理 确认无误 确认执行 确认退回 确认验收 确认订阅 确认退订 确认绑定 确认解绑 确认说明 确认记录 confirm',
);
const CANCEL_WORDS = list(
  '取消 算了 算了吧 那算了 还是算了 不要 不要了 不用 不用了 不了 不 不是 否 不对 放弃 撤销 撤回 别 先不 先不用 先不要 暂时不要 不需要 暂不 停 停止 退出 no n cancel',
);
/** "不填了", "先不报了", "别提交了": declining the write in the officer's own words. */
const DECLINE =
  '(?:先|暂时|暂|就|还是)?(?:不|别|不想|不用|不要)再?(?:填|报|交|提交|上报|填报|办|弄|写|说明|下达|订阅|退订|绑定|解绑|确认|签收|验收|退回|做|搞|录|改|发)(?:了|啦)?(?:吧)?';
/** One or more of `items`, separated by punctuation at most ("是的，确认"). */
const repeated = (items: readonly string[], extra?: string) => {
  const one = extra ? `(?:${alternation(items)}|${extra})` : alternation(items);
  return new RegExp(`^${one}(?:[${PUNCT}]*${one})*$`, 'u');
};
/** 确认 (or 确认提交…), possibly after yes-words: "是的，确认". "好的" alone is not consent. */
export const CONFIRM = new RegExp(
  `^(?:${alternation(ASSENT_WORDS)}[${PUNCT}]*)*${alternation(CONFIRM_WORDS)}(?:[${PUNCT}]*${alternation([...CONFIRM_WORDS, ...ASSENT_WORDS])})*$`,
  'u',
);
export const ASSENT = repeated(ASSENT_WORDS);
export const CANCEL = repeated(CANCEL_WORDS, DECLINE);
/** Only messages this short can be a bare confirm/cancel. */
export const SHORT_REPLY_MAX = 12;

export const GREETING = repeated(
  list(
    '你好 您好 hi hello hey 嗨 哈喽 在吗 在不在 在么 在 早 早上好 上午好 中午好 下午好 晚上好 早安 晚安 谢谢 谢谢你 谢谢您 多谢 感谢 辛苦了 辛苦 好久不见 大家好 老师好 绩效通 小助手 机器人',
  ),
);

export const HELP_EXACT = new RegExp(
  `^(?:\\?+|${alternation(list('帮助 help h menu 菜单 主菜单 功能 功能列表 命令 命令列表 指令 使用说明 说明 用法 开始 start 介绍 你是谁'))})$`,
  'u',
);
export const HELP_CONTAINS = words(
  list(
    '怎么用 如何使用 怎么使用 使用方法 你能做什么 你会什么 你会做什么 能做什么 能干什么 能干啥 有什么功能 有哪些功能 有啥功能 有什么用 支持哪些 支持什么 使用帮助 帮助文档 操作指南 操作说明 怎么问 可以问什么 能问什么 能查什么 可以查什么 你是谁 查询方法 怎么查 如何查 帮助菜单',
  ),
);
/** "能查些什么东西", "可以问哪些", "你都会干啥": what the bot can do, asked at the end of the message. */
export const HELP_QUESTION =
  /(?:(?:能|可以|可|会)(?:帮我|帮你|帮)?(?:查|问|做|干|办)|^(?:查|问|做|干))(?:些|点|一些)?(?:什么|啥|哪些)(?:东西|内容|功能|事|事情|业务|数据|信息)?$/u;

// ——— digest subscription ———

export const UNSUBSCRIBE =
  /退订|(?:取消|关闭|停止|停掉|关掉)(?:订阅|推送|周报|摘要|简报|每周汇总|定期推送)|(?:不要|别|不用|不再|不想)再?(?:给我)?(?:推送|发送?周报|发摘要|发简报|订阅|(?:收到?|接收|看到?)(?:周报|简报|摘要|推送))|停发/u;
export const SUBSCRIBE =
  /订阅|(?:开通|开启|打开)(?:推送|周报|摘要|简报|每周汇总)|(?:每周|每星期|每个星期|每礼拜|定期|每天|每日|每月)(?:都)?(?:能|要)?(?:推送|发送?(?:给我)?|汇总推送|给我发|(?:收到|接收|收|看到)(?:一份|一下)?(?:周报|简报|摘要|汇总|推送))|推送给我|周报推送|(?:收到|接收|订)(?:一份)?(?:每周)?(?:周报|简报)/u;

/** Requests to change or destroy data, or to reveal secrets: never mapped to a query. */
export const DESTRUCTIVE =
  /删除|删掉|清空|drop\s+table|delete\s+from|truncate\s|insert\s+into|update\s+\S+\s+set|修改密码|密码|口令|token|api[\s_-]?key|系统提示词|system\s+prompt|提权|越权/u;

// ——— questions vs statements ———

export const QUESTION = /吗|么|\?|哪些|哪个|多少|几个|几项|几条|有没有|是否|什么|怎么|如何|咋/u;

// ——— scopes ———

export const SCOPE_ALL = words(list('各部门 所有部门 全部部门 各单位 所有单位 全局 全系统 整体 总体'));
export const SCOPE_DEPARTMENT = words(
  list(
    '本部门 我们部门 我部门 咱们部门 咱部门 我们单位 我单位 本单位 咱们单位 咱单位 我们局 本局 我局 我们处 本处 本科室 我们科室 部门的 部门内 部门里 单位的 我们的 咱们的',
  ),
);
/** The asker's department as a whole ("全局执行情况", "部门整体支出进度", "部门汇总"). */
export const OWN_DEPARTMENT =
  /全局|本局|我局|我们局|局里|全部门|整个部门|部门整体|本部门|我们部门|我部门|咱们部门|咱部门|我们单位|我单位|本单位|咱们单位|咱单位|全单位|单位整体|^部门|部门$|^单位|单位$/u;
export const SCOPE_MINE = words(
  list('我的 本人 我负责 我名下 我自己 我经手 给我的 分给我 派给我 我收到 属于我 我管的 我分管'),
);

// ——— warnings ———

export const WARNING_WORDS = words(
  list(
    '预警 警告 告警 报警 警报 风险提示 风险 亮灯 亮红灯 亮黄灯 亮橙灯 红灯 黄灯 橙灯 红牌 黄牌 红色 橙色 黄色',
  ),
);
export const SEVERITY_RED = /(?:红|赤)(?:色|灯|牌|的|级|预警|警|标)|亮红|严重|高风险|最高级/u;
export const SEVERITY_ORANGE = /橙|较重|中风险/u;
export const SEVERITY_YELLOW = /黄(?:色|灯|牌|的|级|预警|警|标)|亮黄|一般预警|轻微|低风险/u;
export const WARNING_OPEN = words(
  list(
    '未处理 待处理 未确认 待确认 未签收 待签收 未读 未阅 没处理 没确认 没有处理 没有确认 未解除 未关闭 在办 新增 新的 最新 新预警 还没处理',
  ),
);
export const WARNING_ACKNOWLEDGED = words(list('已确认 已处理 已签收 已阅 已读 处理过 确认过 已知悉 已回复'));
export const STATUS_ALL = words(['全部', '所有', '历史', '包括已', '包含已', '全量']);

// ——— rectification ———

export const RECTIFICATION = /整改/u;
export const RECTIFICATION_OPEN = words(
  list(
    '待整改 未完成 未整改 没完成 没有完成 进行中 在办 逾期 超期 过期 未销号 待办 还没 需要整改 要整改 未办结 未完结 正在整改',
  ),
);
export const RECTIFICATION_ALL = words(list('全部 所有 历史 已完成 已整改 已销号 已办结 包括已'));
/** 待办: what the asker has to do (tasks to submit or review, notices to sign, a card to confirm). */
export const TODOS = /待办|代办|待处理事项|要办的事|我要做的事/u;
export const SUBMIT_RECTIFICATION =
  /(?:提交|上报|报送|反馈|回复|上传)(?:一下)?(?:我的|本单位的|我们的)?整改|^整改(?:任务)?\s*(?:#|编号|第)?\s*\d+\s*号?\s*[:,]?\s*(?:已|完成)|^整改(?:已经?)?(?:完成|办结|到位)了?(?:$|[\s,.!;:])/u;
/** 我负责的整改: the asker as project owner (项目责任人), not as the assignee. */
export const OWNER_RECTIFICATION =
  /(?:我|本人)(?:作为项目责任人)?负责的?(?:项目)?的?(?:未完成的?)?(?:整改|问责)|(?:作为|我是)(?:项目)?责任人.{0,8}(?:整改|问责)/u;
/** Asking for a list or a count, not submitting anything. */
export const LIST_QUESTION = /哪些|多少|几个|几项|几条|清单|列表|有没有/u;

// ——— explanation ———

export const EXPLAIN = words(
  list('说明原因 什么原因 啥原因 原因 解释 为什么 为啥 为何 怎么回事 咋回事 详情 详细说明 具体情况 依据'),
);
/** Without a warning word, only a short message is a request to explain ("为什么", "说明原因"). */
export const EXPLAIN_SHORT_MAX = 12;

// ——— acknowledgement ———

export const ACK_WORDS = alternation(
  list(
    '确认收到 收到了 收到啦 收到 已收到 已阅 阅 已读 知道了 知道啦 已知晓 知晓 已知悉 知悉 收悉 了解了 了解 明白了 明白 已确认 签收 已签收 确认已阅 好的收到 ok收到 roger',
  ),
);

// ——— lagging / payments / indicators / self-evaluation ———

const LAGGING_WORDS = list(
  '落后 滞后 进度慢 执行慢 支出慢 拨付慢 花钱慢 进度缓慢 进展缓慢 缓慢 偏慢 较慢 太慢 最慢 拖后腿 拖了后腿 执行率低 执行率偏低 执行率较低 执行率最低 进度低 倒数 排名靠后 靠后 垫底 进度不理想 慢的',
);
/** Also 没达到序时 / 序时进度没达到 / 低于序时, and money that does not go out: 钱花不出去 / 没花出去. */
export const LAGGING = new RegExp(
  `${alternation(LAGGING_WORDS)}|序时(?:进度)?(?:还|都)?(?:没有?|未|不)(?:达到|达|到|跟上|赶上)|(?:没有?|未|不)(?:达到|达|到|跟上|赶上)序时|(?:低于|慢于|落后于|跟不上|赶不上)序时|(?:花|支|用|拨|付)不(?:出去|下去|出|动)|没有?(?:花|支|用|拨)出去`,
  'u',
);
export const PAYMENTS = new RegExp(
  `(?<!转移)支付|${alternation(list('付款 拨款 拨付 用款 支出 付了多少 花了多少 花了 花出去 花掉 用出去 用掉 支出去 拨下去 到位 到账 资金使用 用了多少钱 国库 付款记录 流水'))}`,
  'u',
);
export const INDICATORS = words(['指标', '绩效目标', '目标值', '目标完成', '产出', '效益', '满意度', 'kpi']);
export const SELF_EVALUATION = /自评/u;
/** 本部门整体自评 / 部门整体支出绩效自评 (DW-4). */
export const DEPARTMENT_SELF_EVALUATION = /整体(?:支出)?(?:绩效)?自评/u;
/** 考核排名 / 本部门考核得分: the assessment of performance-management work. */
export const MANAGEMENT_ASSESSMENT = /考核排名|考核得分|考核结果|考核分|工作考核|考核通报/u;
export const OWN_SCORE = /本部门|本单位|我们|我部门|我单位|得分|多少分/u;
/** 公开了哪些 / 信息公开 / 要公开的: what is (or will be) published. */
export const PUBLICATION = /公开了|公开的|信息公开|绩效公开|要公开|将公开|公开内容|公开情况/u;

// ——— summary ———

export const SUMMARY_VERBS = words(
  list('汇总 统计 总体情况 整体情况 总体 整体 概况 总览 全貌 大盘 报表 排名 排行'),
);
export const BY_REGION = words(
  list('各县区 各县 各区 县区 区县 分县 按县 按区域 按地区 各地区 分地区 各乡镇'),
);
export const BY_FUND_TYPE = words(
  list('资金类型 按资金 各类资金 分资金 按类型 按资金性质 各资金 按资金类型'),
);
export const BY_DEPARTMENT = words(list('各部门 按部门 分部门 部门排名 各单位 按单位 所有部门 全部部门'));
/** How officials name fund types (the registry's names are longer: "政府和社会资本合作（PPP）"). */
export const FUND_TYPE_WORDS = list(
  'ppp 政府和社会资本合作 专项债券 专项债 一般债券 一般债 政府债券 政府债务 地方政府债券 地方债 债券 债务 专项转移支付 一般性转移支付 转移支付 专项资金 政府性基金预算 政府性基金 国有资本经营预算 国有资本经营 国资预算 社会保险基金预算 社会保险基金 社保基金 政府投资基金 投资基金 产业基金 引导基金 政府采购 采购 政府购买服务 购买服务 一般公共预算 衔接资金 乡村振兴衔接资金 直达资金 中央资金 省级资金 市级资金 政府投资',
);
/** A fund-type word with what usually follows it ("专项债项目", "转移支付资金", "PPP类项目"). */
export const FUND_TYPE = new RegExp(`(${alternation(FUND_TYPE_WORDS)})(?:资金|类项目|类|项目)?`, 'u');
export const REGION_NAME = /^(?:[\p{Script=Han}]{2,10}(?:县|区|市)|全市|全县|全区|本市|本县|本区)$/u;
/** Looks like the name of a department or unit: "住建局", "城市建设服务中心", "第一人民医院". */
export const ORG_NAME =
  /^[\p{Script=Han}a-z0-9()]{1,24}?(?:局|委员会|委|办公室|办|厅|部|部门|单位|中心|管委会|街道|集团|公司|署|院|站|所|队|馆|学校|中学|小学|幼儿园)$/u;

// ——— item status ———

export const STATUS_WORDS = words(
  list(
    '执行得怎么样 执行得如何 执行得咋样 执行的怎么样 执行情况 执行进度 执行率 预算执行 完成情况 进度 进展 情况 状态 状况 怎么样了 怎么样 咋样了 咋样 怎样 如何 到哪一步 到哪步 什么阶段 哪个阶段 到哪了 好了没 完成了没 搞得怎么样 做得怎么样 执行',
  ),
);
export const QUERY_VERB =
  /^(?:查询|查看|查查|查一下|查下|查|看看|看一下|看下|瞧瞧|搜索|搜一下|搜|找一下|找找|找|了解一下|问一下|问下|问问)/u;

/** Small talk that happens to contain 怎么样 or 情况: not an item. */
export const CHIT_CHAT = words(['天气', '笑话', '吃饭', '你是谁', '你叫什么', '几点了', '心情']);

// ——— result application ———

/** 明年控制数, 预算安排建议, 为什么扣减/核减. */
export const CONTROL_NUMBERS =
  /控制数|预算安排建议|安排建议|(?:为什么|为何|为啥|怎么|什么原因).{0,6}(?:扣减|核减|扣了|减了|砍了)|(?:扣减|核减).{0,4}(?:原因|依据|理由)/u;
/** 转移支付分配 / 某县转移支付为什么是这么多. */
export const TRANSFER_ALLOCATION =
  /转移支付.{0,12}(?:分配|为什么|为何|为啥|怎么算|怎么定|是多少|分多少|这么多|这么少|系数|份额)/u;
/** A transfer item's own monitoring or self-evaluation, not the allocation among counties. */
export const TRANSFER_ITEM_WORDS = /自评|执行率|预警|支出进度|绩效目标/u;
/** 清理退出, 退出候选, 交叉重复. */
export const EXIT_CANDIDATES =
  /清理退出|退出候选|(?:该|要|应当|应该)退出|交叉重复|重复(?:安排|设置)?的?(?:项目|政策)|碎片化/u;
