/**
 * The deterministic command parser: an ordered table of intent rules. Each rule says when it applies
 * (patterns that must / must not match the cleaned message) and how to build the intent; the first
 * rule that builds one wins, so order is priority.
 */
import {
  detectScope,
  detectSeverity,
  displayName,
  extractFilters,
  extractItemCode,
  extractLimit,
  extractQuoted,
  extractRef,
  extractSubject,
  type Filters,
  ITEM_CODE_HINT,
  removeQuoted,
  splitLeadingRef,
  withoutItemCode,
} from './extract.ts';
import {
  ACK_WORDS,
  ASSENT,
  BY_DEPARTMENT,
  BY_FUND_TYPE,
  BY_REGION,
  CANCEL,
  CHIT_CHAT,
  CONFIRM,
  CONTROL_NUMBERS,
  DEPARTMENT_SELF_EVALUATION,
  DESTRUCTIVE,
  EXIT_CANDIDATES,
  EXPLAIN,
  EXPLAIN_SHORT_MAX,
  GREETING,
  HELP_CONTAINS,
  HELP_EXACT,
  HELP_QUESTION,
  INDICATORS,
  LAGGING,
  LIST_QUESTION,
  MANAGEMENT_ASSESSMENT,
  ORG_NAME,
  OWN_DEPARTMENT,
  OWN_SCORE,
  OWNER_RECTIFICATION,
  PAYMENTS,
  POLITE_PREFIX,
  POLITE_SUFFIX,
  PUBLICATION,
  PUNCT,
  QUERY_VERB,
  QUESTION,
  RECTIFICATION,
  RECTIFICATION_ALL,
  RECTIFICATION_OPEN,
  REGION_NAME,
  SCOPE_MINE,
  SELF_EVALUATION,
  SEVERITY_ORANGE,
  SEVERITY_RED,
  SEVERITY_YELLOW,
  SHORT_REPLY_MAX,
  STATUS_ALL,
  STATUS_WORDS,
  SUBMIT_RECTIFICATION,
  SUBSCRIBE,
  SUMMARY_VERBS,
  TODOS,
  TRANSFER_ALLOCATION,
  TRANSFER_ITEM_WORDS,
  UNSUBSCRIBE,
  WARNING_ACKNOWLEDGED,
  WARNING_OPEN,
  WARNING_WORDS,
} from './lexicon.ts';
import { leadingMentionsLength, normalizeSurface, normalizeText, typedText } from './normalize.ts';
import type { Intent, IntentKind } from './types.ts';

/** Only the first this-many characters of a message are parsed; the rest cannot change the intent. */
export const MAX_PARSE_CHARS = 500;

interface ParseContext {
  /** The message as received (capped). */
  raw: string;
  /** normalizeText() of the message. */
  text: string;
  /** `text` without politeness and filler at either end ("请问一下…好吗谢谢"). */
  core: string;
  /** The message cleaned but not lower-cased or number-converted: source of free text the user wrote. */
  surface: string;
}

export interface IntentRule {
  kind: IntentKind;
  /** The rule is tried when any of these matches the cleaned message (none = always tried). */
  when?: readonly RegExp[];
  /** …and none of these matches the whole normalized message (politeness included: "吗" counts here). */
  unless?: readonly RegExp[];
  build: (ctx: ParseContext) => Intent | undefined;
}

const LEADING_PUNCT_RUN = new RegExp(`^[${PUNCT}]+`, 'u');
const TRAILING_PUNCT_RUN = new RegExp(`[${PUNCT}]+$`, 'u');

/**
 * Where `text` is left once politeness, filler and punctuation at either end are taken off
 * ("请问一下…好吗谢谢"): [start, end). Never empties the text.
 */
function politeBounds(text: string, from = 0): [number, number] {
  let a = from;
  let b = text.length;
  for (let i = 0; i < 12; i++) {
    let na = a;
    let nb = b;
    const s = text.slice(na, nb);
    const lead = LEADING_PUNCT_RUN.exec(s)?.[0].length ?? 0;
    const trail = TRAILING_PUNCT_RUN.exec(s)?.[0].length ?? 0;
    if (lead + trail < s.length) {
      na += lead;
      nb -= trail;
    }
    // Suffix first, so "好的，谢谢" keeps "好的" rather than "谢谢".
    const suffix = POLITE_SUFFIX.exec(text.slice(na, nb));
    if (suffix && suffix.index > 0) nb = na + suffix.index;
    const prefix = POLITE_PREFIX.exec(text.slice(na, nb));
    if (prefix && prefix[0].length < nb - na) na += prefix[0].length;
    if (na === a && nb === b) break;
    a = na;
    b = nb;
  }
  return [a, b];
}

function stripPoliteness(text: string): string {
  const [a, b] = politeBounds(text);
  return text.slice(a, b);
}

const length = (s: string) => Array.from(s).length;

// ——— builders ———

function warningStatus(text: string): 'open' | 'acknowledged' | 'all' | undefined {
  const open = WARNING_OPEN.test(text);
  const acknowledged = WARNING_ACKNOWLEDGED.test(text);
  if (open && !acknowledged) return 'open';
  if (acknowledged && !open) return 'acknowledged';
  if (STATUS_ALL.test(text)) return 'all';
  return undefined;
}

function withFilters<T extends object>(intent: T, filters: Filters): T & Filters {
  return {
    ...intent,
    ...(filters.subject ? { subject: filters.subject } : {}),
    ...(filters.fundType ? { fundType: filters.fundType } : {}),
  };
}

/** The words of a warnings question, so what is left names what it is narrowed to. */
const WARNING_QUESTION_WORDS = [
  WARNING_WORDS,
  SEVERITY_RED,
  SEVERITY_ORANGE,
  SEVERITY_YELLOW,
  WARNING_OPEN,
  WARNING_ACKNOWLEDGED,
  STATUS_ALL,
  SUMMARY_VERBS,
  /(?:红|橙|黄)(?:色|灯|牌)?|收到|哪几|亮灯/u,
];

function buildWarnings({ core }: ParseContext): Intent {
  const ref = /\d/.test(core) && !ITEM_CODE_HINT.test(core) ? extractRef(core) : undefined;
  if (ref) return { kind: 'explain_warning', warningRef: ref };
  const intent: Intent = { kind: 'warnings', scope: detectScope(core) };
  const severity = detectSeverity(core);
  if (severity) intent.severity = severity;
  const status = warningStatus(core);
  if (status) intent.status = status;
  return withFilters(intent, extractFilters(core, WARNING_QUESTION_WORDS));
}

const ACK_LEADING = new RegExp(
  `^${ACK_WORDS}(?:$|[${PUNCT}]|(?=(?:这条|该条|此条|这个|该|此|本|预警|告警|提醒|通知|整改|任务|#|编号|第|\\d)))`,
  'u',
);
const ACK_TRAILING = new RegExp(
  `^(?:(?:这条|该条|此条|该|此)?(?:预警|告警|提醒|通知|整改任务|任务)?\\s*#?\\s*\\d*\\s*号?(?:预警|告警)?)[${PUNCT}]*${ACK_WORDS}$`,
  'u',
);

function buildAcknowledge({ core }: ParseContext): Intent | undefined {
  if (!ACK_LEADING.test(core) && !ACK_TRAILING.test(core)) return undefined;
  const ref = extractRef(core);
  return ref ? { kind: 'acknowledge', ref } : { kind: 'acknowledge' };
}

function buildExplain({ core }: ParseContext): Intent | undefined {
  const ref = /\d/.test(core) ? extractRef(core) : undefined;
  if (!ref && !WARNING_WORDS.test(core) && length(core) > EXPLAIN_SHORT_MAX) return undefined;
  return ref ? { kind: 'explain_warning', warningRef: ref } : { kind: 'explain_warning' };
}

const SUBMIT_SURFACE =
  /(?:提交|上报|报送|反馈|回复|上传)(?:一下)?(?:我的|本单位的|我们的)?整改(?:情况|结果|材料|报告|反馈|进展|完成情况)?|^整改/u;
const TEXT_EDGE_CHAR = new RegExp(`[${PUNCT}，。：；！？]`, 'u');
const TEXT_TAIL_CHAR = new RegExp(`[${PUNCT}，。：；]`, 'u');
const MAX_SUBMISSION_CHARS = 2000;

/** [a, b) without edge punctuation and spaces (checked on the half-width twin). */
function textBounds(half: string, a: number, b: number): [number, number] {
  let start = a;
  let end = b;
  while (start < end && TEXT_EDGE_CHAR.test(half.charAt(start))) start++;
  while (end > start && TEXT_TAIL_CHAR.test(half.charAt(end - 1))) end--;
  return [start, end];
}

/**
 * "提交整改 #5 已完成资金拨付" and its variants. The words are found on the half-width twin of the
 * message, but the text is cut from what was typed: a full-width "，" is stored as typed.
 */
function buildSubmitRectification({ raw, core }: ParseContext): Intent | undefined {
  const intent: Intent = { kind: 'submit_rectification' };
  const { typed, half } = typedText(raw);
  const [start, end] = politeBounds(half, leadingMentionsLength(half));
  const m = SUBMIT_SURFACE.exec(half.slice(start, end));
  if (m) {
    const after = start + m.index + m[0].length;
    const { ref, rest } = splitLeadingRef(half.slice(after, end));
    if (ref) intent.taskRef = ref;
    let from = end - rest.length;
    if (!ref) from += /^\s*任务/u.exec(rest)?.[0].length ?? 0;
    let [a, b] = textBounds(half, from, end);
    if (a >= b) [a, b] = textBounds(half, start, start + m.index);
    const text = typed.slice(a, b).trim();
    if (text) intent.text = Array.from(text).slice(0, MAX_SUBMISSION_CHARS).join('');
  } else {
    const ref = extractRef(core);
    if (ref) intent.taskRef = ref;
  }
  return intent;
}

const QUALITATIVE: ReadonlyArray<[RegExp, 'met' | 'partly_met' | 'not_met']> = [
  [/未达成|没有?达成|未完成|没有?完成|未达到|没有?达到|不达标|未达标|未实现|没有?实现/u, 'not_met'],
  [/部分达成|部分完成|部分达到|基本达成|基本完成|基本达到|部分实现/u, 'partly_met'],
  [/已达成|达成|已完成|全部完成|已达到|达标|已实现|完成了|完成/u, 'met'],
];
const REPORT_VERBS = '(?:报告|上报|填报|汇报|报送|录入|登记|更新|填写|填(?=一下|下|上|个))';
const REPORT_VERB = new RegExp(`^(?:我来|我)?${REPORT_VERBS}(?:一下|下|上)?`, 'u');
/** "…满意度达到了93%，帮我填报一下": the request to report at the end of the message. */
const TRAILING_REPORT_VERB = new RegExp(
  `[${PUNCT}]*(?:请|麻烦)?(?:你|您)?(?:帮我|帮忙|给我|替我)?(?:报告|上报|填报|汇报|报送|录入|登记|填写|填)(?:上|进去|一下|下)?$`,
  'u',
);
const VALUE_AT_END = /(-?\d+(?:\.\d+)?)\s*([%‰]|[a-z²]{1,5}|[\p{Script=Han}]{1,4})?$/u;
const KNOWN_UNIT =
  /^(?:万元|亿元|元|人次|人|所|个|项|户|名|次|台|套|间|座|栋|张|份|件|天|日|月|年|吨|亩|公顷|株|棵|辆|批|期|篇|场|处|公里|千米|平方米|平米|立方米|米|小时|学时|课时|分钟|分|家|条|本|册|床|班|所)/u;
const CONNECTOR_AT_END =
  /(?:的|实际|完成值|完成数|完成量|完成了|完成|达到了|达到|为|是|:|=|共|计|已经|已|累计|目前|现在)\s*$/u;
const LEADING_PUNCT = new RegExp(`^[${PUNCT}]+`, 'u');
const REPORT_GENERIC = /^(?:指标|绩效指标|指标完成情况|完成情况|指标情况|情况|进度|数据)$/u;
/** With a report verb but no value, the rest must still look like an indicator. */
const INDICATOR_LIKE = /指标|完成|实际|进度|数据|满意度|率|人数|数量|面积|金额|投资|里程|产量|产值/u;

function splitUnit(tail: string | undefined): string | undefined {
  if (!tail) return undefined;
  const known = KNOWN_UNIT.exec(tail)?.[0];
  return known ?? tail;
}

function qualitativeIn(
  text: string,
): { status: 'met' | 'partly_met' | 'not_met'; index: number } | undefined {
  for (const [re, status] of QUALITATIVE) {
    const m = re.exec(text);
    if (m) return { status, index: m.index };
  }
  return undefined;
}

/** The verb and what it applies to: "填报 X…", "X…，帮我填报一下", or no verb (body = the message). */
function reportBody(core: string): { hasVerb: boolean; body: string } {
  const verb = REPORT_VERB.exec(core);
  if (verb) return { hasVerb: true, body: core.slice(verb[0].length).replace(LEADING_PUNCT, '') };
  const trailing = TRAILING_REPORT_VERB.exec(core);
  if (trailing && trailing.index > 0) return { hasVerb: true, body: core.slice(0, trailing.index) };
  return { hasVerb: false, body: core };
}

/**
 * "填报 <项目> <指标> 完成 <值>" and its variants. The item is taken from the text only where the
 * officer marked it (quotes, a code, "的", a space); a name run into the indicator
 * ("海绵城市建设服务对象满意度") is left whole for the handler, which knows the item names.
 */
function buildReportIndicator({ core }: ParseContext): Intent | undefined {
  const { hasVerb, body: raw } = reportBody(core);
  if (RECTIFICATION.test(raw)) return undefined;
  let body = raw;
  let query: string | undefined;
  const quoted = extractQuoted(body);
  const code = quoted ? undefined : extractItemCode(body);
  if (quoted) {
    query = quoted;
    body = removeQuoted(body);
  } else if (code) {
    query = code;
    body = withoutItemCode(body);
  }
  body = body.trim();
  const value = VALUE_AT_END.exec(body);
  const qualitative = value ? undefined : qualitativeIn(body);
  if (!hasVerb) {
    // Without a verb only a statement of a value is a report: "<指标>完成了 12 所",
    // "<项目> 服务对象满意度 93%" (never a question: "执行率达到80%的项目有哪些").
    if (!value || QUESTION.test(core)) return undefined;
    const measured =
      value[2] !== undefined && (/^[%‰]$/u.test(value[2]) || KNOWN_UNIT.exec(value[2])?.[0] === value[2]);
    if (!/完成|达到|实际/u.test(body) && !(measured && INDICATOR_LIKE.test(body.slice(0, value.index))))
      return undefined;
  } else if (!value && !qualitative && body && !INDICATOR_LIKE.test(body)) {
    return undefined;
  }
  const intent: Intent = { kind: 'report_indicator' };
  let head = value ? body.slice(0, value.index) : qualitative ? body.slice(0, qualitative.index) : body;
  if (value) {
    intent.value = Number(value[1]);
    const unit = splitUnit(value[2]);
    if (unit) intent.unit = unit;
  }
  if (qualitative) intent.qualitative = qualitative.status;
  for (let i = 0; i < 4; i++) head = head.replace(CONNECTOR_AT_END, '');
  head = head.replace(/^\s*(?:绩效)?指标(?:完成(?:情况|值))?/u, '');
  let indicator = head;
  if (query === undefined) {
    if (head.includes('的')) {
      const at = head.lastIndexOf('的');
      query = head.slice(0, at);
      indicator = head.slice(at + 1);
    } else if (/\S\s+\S/u.test(head.trim())) {
      const [first = '', ...others] = head.trim().split(/\s+/u);
      query = first;
      indicator = others.join('');
    }
    query = query === undefined ? undefined : extractSubject(query);
  }
  if (query) intent.query = query;
  const ind = indicator.replace(/\s+/gu, '').replace(/^(?:的|了)+|(?:的|了)+$/gu, '');
  if (ind && !REPORT_GENERIC.test(ind)) intent.indicator = ind;
  return intent;
}

function buildRectifications({ core }: ParseContext): Intent {
  if (RECTIFICATION_OPEN.test(core)) return { kind: 'rectifications', status: 'open' };
  if (RECTIFICATION_ALL.test(core)) return { kind: 'rectifications', status: 'all' };
  return { kind: 'rectifications' };
}

const LAGGING_QUESTION_WORDS = [LAGGING, SUMMARY_VERBS, /执行率|进度|排名|项目|钱|资金/u];

function buildLagging({ core }: ParseContext): Intent {
  const intent: Intent = { kind: 'lagging_items', scope: detectScope(core) };
  const limit = extractLimit(core);
  if (limit) intent.limit = limit;
  return withFilters(intent, extractFilters(core, LAGGING_QUESTION_WORDS));
}

function buildItemQuery(kind: 'item_payments' | 'item_indicators', words: RegExp) {
  return ({ core }: ParseContext): Intent => {
    const query = extractSubject(core, [words, /资金|情况|明细|记录|完成|数据|绩效|多少|钱/u]);
    return query ? { kind, query } : { kind };
  };
}

const SUMMARY_QUESTION_WORDS = [
  SUMMARY_VERBS,
  PAYMENTS,
  OWN_DEPARTMENT,
  /预算执行|绩效|数据|一览|支出|资金|钱|合计|大概|总的|我们|咱们/u,
];

/**
 * 执行情况 of a department, unit, region or fund type, or of the asker's own department. Returns
 * undefined when what is left names an item ("海绵城市建设PPP项目支出进度"): the item rules answer it.
 */
function buildSummary({ core }: ParseContext): Intent | undefined {
  const explicit = SUMMARY_VERBS.test(core);
  if (!explicit && !STATUS_WORDS.test(core) && !PAYMENTS.test(core)) return undefined;
  if (BY_REGION.test(core)) return { kind: 'summary', by: 'region' };
  if (BY_FUND_TYPE.test(core)) return { kind: 'summary', by: 'fund_type' };
  if (BY_DEPARTMENT.test(core)) return { kind: 'summary', by: 'department' };
  const { subject, fundType } = extractFilters(core, SUMMARY_QUESTION_WORDS);
  const fund = fundType ? { fundType } : {};
  if (subject) {
    if (REGION_NAME.test(subject)) return { kind: 'summary', by: 'region', name: subject, ...fund };
    if (ORG_NAME.test(subject))
      return { kind: 'summary', by: 'department', name: displayName(subject), ...fund };
    return undefined;
  }
  const own = OWN_DEPARTMENT.test(core) ? { own: true as const } : {};
  if (fundType) return { kind: 'summary', by: 'fund_type', fundType, ...own };
  if (own.own || explicit) return { kind: 'summary', by: 'department', ...own };
  return undefined;
}

function buildItemStatus({ core }: ParseContext): Intent | undefined {
  const hasStatusWord = STATUS_WORDS.test(core);
  const query = extractSubject(core);
  if (query && (CHIT_CHAT.test(query) || LIST_QUESTION.test(query))) return undefined;
  if (!query && !hasStatusWord) return undefined;
  // "我的项目进度": no single item, the user's items ranked by progress (slowest first).
  if (!query && SCOPE_MINE.test(core)) return { kind: 'lagging_items', scope: 'mine' };
  return { kind: 'item_status', query };
}

const WHY_CUT = /为什么|为何|为啥|怎么|原因|依据|理由/u;
const WHAT_IF =
  /(?:如果|假如|假设|要是|若)(.{0,8}?)(?:扣减|扣|核减|减)(?:比例)?(?:为|到|按)?(\d{1,3}(?:\.\d+)?)%/u;
const CONTROL_WORDS =
  /(?:如果|假如|假设|要是|若).{0,8}?(?:扣减|扣|核减|减)(?:比例)?(?:为|到|按)?\d{1,3}(?:\.\d+)?%|明年|下一?年度?|\d{4}年度?|的|控制数|预算安排建议|安排建议|是多少|多少|为什么|为何|为啥|怎么|什么原因|原因|依据|理由|扣减|核减|扣了|减了|砍了|了|呢|吗|预算|我们|我局|本部门|本局/gu;

/** 明年控制数 / 为什么扣减 / 如果差评扣减30%，教育局明年控制数是多少. */
function buildControlNumbers({ core }: ParseContext): Intent {
  const intent: Intent = { kind: 'control_numbers' };
  const m = WHAT_IF.exec(core);
  if (m) {
    const share = Math.min(Number(m[2]) / 100, 1);
    intent.whatIf = /一般|中/u.test(m[1] ?? '') ? { cutForFair: share } : { cutForPoor: share };
  } else if (WHY_CUT.test(core)) {
    intent.why = true;
  }
  const rest = core.replace(CONTROL_WORDS, '').replace(new RegExp(`[${PUNCT}，。：；！？]+`, 'gu'), '');
  if (rest && ORG_NAME.test(rest)) intent.subject = rest;
  return intent;
}

const COUNTY_BEFORE_TRANSFER =
  /^(?:请问)?([\p{Script=Han}]{2,8}?(?:县|区|市))(?:的|今年|明年|本年度?)*转移支付/u;

/** 转移支付分配, or one county's: 浮梁县转移支付为什么是这么多. */
function buildTransferAllocation({ core }: ParseContext): Intent {
  const county = COUNTY_BEFORE_TRANSFER.exec(core)?.[1];
  return county && !/^(?:全|本|我)/u.test(county)
    ? { kind: 'transfer_allocation', county }
    : { kind: 'transfer_allocation' };
}

// ——— the table ———

const ITEM_HINTS = [
  STATUS_WORDS,
  ITEM_CODE_HINT,
  /[「『“"《【]/u,
  new RegExp(`${QUERY_VERB.source}.{2,}`, 'u'),
  /.{2,}(?:项目|工程)$/u,
  /^(?:项目|工程)\s*\S{2,}/u,
];

export const INTENT_RULES: readonly IntentRule[] = [
  {
    kind: 'confirm',
    unless: [QUESTION],
    build: ({ core }) =>
      length(core) <= SHORT_REPLY_MAX && CONFIRM.test(core) ? { kind: 'confirm' } : undefined,
  },
  {
    kind: 'cancel',
    build: ({ core }) =>
      length(core) <= SHORT_REPLY_MAX && CANCEL.test(core) ? { kind: 'cancel' } : undefined,
  },
  {
    kind: 'assent',
    build: ({ core }) =>
      length(core) <= SHORT_REPLY_MAX && ASSENT.test(core) ? { kind: 'assent' } : undefined,
  },
  { kind: 'help', when: [HELP_EXACT, HELP_CONTAINS, HELP_QUESTION], build: () => ({ kind: 'help' }) },
  {
    kind: 'greeting',
    build: ({ core }) => (length(core) <= 20 && GREETING.test(core) ? { kind: 'greeting' } : undefined),
  },
  { kind: 'unsubscribe_digest', when: [UNSUBSCRIBE], build: () => ({ kind: 'unsubscribe_digest' }) },
  { kind: 'subscribe_digest', when: [SUBSCRIBE], build: () => ({ kind: 'subscribe_digest' }) },
  { kind: 'unknown', when: [DESTRUCTIVE], build: ({ surface }) => ({ kind: 'unknown', text: surface }) },
  { kind: 'control_numbers', when: [CONTROL_NUMBERS], build: buildControlNumbers },
  { kind: 'exit_candidates', when: [EXIT_CANDIDATES], build: () => ({ kind: 'exit_candidates' }) },
  {
    kind: 'transfer_allocation',
    when: [TRANSFER_ALLOCATION],
    unless: [TRANSFER_ITEM_WORDS],
    build: buildTransferAllocation,
  },
  {
    kind: 'owner_rectifications',
    when: [OWNER_RECTIFICATION],
    build: () => ({ kind: 'owner_rectifications' }),
  },
  {
    kind: 'submit_rectification',
    when: [SUBMIT_RECTIFICATION],
    unless: [QUESTION, LIST_QUESTION],
    build: buildSubmitRectification,
  },
  { kind: 'acknowledge', unless: [QUESTION], build: buildAcknowledge },
  { kind: 'explain_warning', when: [EXPLAIN], build: buildExplain },
  { kind: 'report_indicator', build: buildReportIndicator },
  {
    kind: 'management_assessment',
    when: [MANAGEMENT_ASSESSMENT],
    build: ({ core }) => ({
      kind: 'management_assessment',
      own: OWN_SCORE.test(core) && !/排名/u.test(core),
    }),
  },
  { kind: 'publications', when: [PUBLICATION], build: () => ({ kind: 'publications' }) },
  {
    kind: 'department_self_evaluation',
    when: [DEPARTMENT_SELF_EVALUATION],
    build: () => ({ kind: 'department_self_evaluation' }),
  },
  {
    kind: 'self_evaluation_coverage',
    when: [SELF_EVALUATION],
    build: () => ({ kind: 'self_evaluation_coverage' }),
  },
  { kind: 'todos', when: [TODOS], unless: [RECTIFICATION], build: () => ({ kind: 'todos' }) },
  { kind: 'rectifications', when: [RECTIFICATION], build: buildRectifications },
  { kind: 'warnings', when: [WARNING_WORDS], build: buildWarnings },
  { kind: 'lagging_items', when: [LAGGING], build: buildLagging },
  { kind: 'summary', when: [SUMMARY_VERBS, STATUS_WORDS, PAYMENTS], build: buildSummary },
  { kind: 'item_payments', when: [PAYMENTS], build: buildItemQuery('item_payments', PAYMENTS) },
  { kind: 'item_indicators', when: [INDICATORS], build: buildItemQuery('item_indicators', INDICATORS) },
  { kind: 'item_status', when: ITEM_HINTS, build: buildItemStatus },
];

const COMMAND_NOISE = /项目|情况|的|一下|是多少|怎么样|如何/gu;

/**
 * A message reduced to its command words, for plugins' fixed command patterns: "PPP项目财承情况" →
 * "ppp财承", "查一下PPP财承" → "ppp财承".
 */
export function commandCore(text: string): string {
  const core = stripPoliteness(normalizeText(text));
  return core.replace(QUERY_VERB, '').replace(COMMAND_NOISE, '').replace(/\s+/gu, ' ').trim();
}

function parseCapped(capped: string): Intent {
  const surface = normalizeSurface(capped);
  const text = normalizeText(capped);
  const unknown: Intent = { kind: 'unknown', text: surface };
  if (!text) return unknown;
  const ctx: ParseContext = { raw: capped, text, core: stripPoliteness(text), surface };
  for (const rule of INTENT_RULES) {
    if (rule.when && !rule.when.some((re) => re.test(ctx.core))) continue;
    if (rule.unless?.some((re) => re.test(ctx.text))) continue;
    const intent = rule.build(ctx);
    if (intent) return intent;
  }
  return unknown;
}

/**
 * Maps a chat message to an intent. Deterministic, never throws, and looks at no more than the first
 * MAX_PARSE_CHARS characters; anything it cannot place is `{ kind: 'unknown', text }` with the cleaned text.
 */
export function parseIntent(text: string): Intent {
  const raw = typeof text === 'string' ? text : '';
  const capped = Array.from(raw.slice(0, MAX_PARSE_CHARS * 2))
    .slice(0, MAX_PARSE_CHARS)
    .join('');
  try {
    return parseCapped(capped);
  } catch {
    return { kind: 'unknown', text: capped.trim() };
  }
}
