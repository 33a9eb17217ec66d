/**
 * The deterministic command parser: an ordered table of intent rules. Each rule says when it applies
 * (patterns that must / must not match the cleaned message) and how to build the intent; the first
 * rule that builds one wins, so order is priority.
 */
import {
  detectScope,
  detectSeverity,
  displayName,
  extractItemCode,
  extractLimit,
  extractQuoted,
  extractRef,
  extractSubject,
  removeQuoted,
  splitLeadingRef,
} from './extract.ts';
import {
  ACK_WORDS,
  BY_DEPARTMENT,
  BY_FUND_TYPE,
  BY_REGION,
  CANCEL,
  CHIT_CHAT,
  CONFIRM,
  DEPARTMENT_NAME,
  DESTRUCTIVE,
  EDGE_PUNCT,
  EXPLAIN,
  EXPLAIN_SHORT_MAX,
  FUND_TYPE_NAME,
  GREETING,
  HELP_CONTAINS,
  HELP_EXACT,
  INDICATORS,
  LAGGING,
  LIST_QUESTION,
  PAYMENTS,
  POLITE_PREFIX,
  POLITE_SUFFIX,
  PUNCT,
  QUERY_VERB,
  QUESTION,
  RECTIFICATION,
  RECTIFICATION_ALL,
  RECTIFICATION_OPEN,
  REGION_NAME,
  SCOPE_DEPARTMENT,
  SCOPE_MINE,
  SELF_EVALUATION,
  SHORT_REPLY_MAX,
  STATUS_ALL,
  STATUS_WORDS,
  SUBMIT_RECTIFICATION,
  SUBSCRIBE,
  SUMMARY_VERBS,
  UNSUBSCRIBE,
  WARNING_ACKNOWLEDGED,
  WARNING_OPEN,
  WARNING_WORDS,
} from './lexicon.ts';
import { normalizeSurface, normalizeText } from './normalize.ts';
import type { Intent, IntentKind } from './types.ts';

/** Only the first this-many characters of a message are parsed; the rest cannot change the intent. */
export const MAX_PARSE_CHARS = 500;

interface ParseContext {
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

function stripPoliteness(text: string): string {
  let s = text;
  for (let i = 0; i < 12; i++) {
    let next = s.replace(EDGE_PUNCT, '');
    if (next.length === 0) next = s;
    // Suffix first, so "好的，谢谢" keeps "好的" (a confirm) rather than "谢谢".
    const noSuffix = next.replace(POLITE_SUFFIX, '');
    if (noSuffix.length > 0) next = noSuffix;
    const noPrefix = next.replace(POLITE_PREFIX, '');
    if (noPrefix.length > 0) next = noPrefix;
    if (next === s) break;
    s = next;
  }
  return s;
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

function buildWarnings({ core }: ParseContext): Intent {
  const ref = /\d/.test(core) ? extractRef(core) : undefined;
  if (ref) return { kind: 'explain_warning', warningRef: ref };
  const intent: Intent = { kind: 'warnings', scope: detectScope(core) };
  const severity = detectSeverity(core);
  if (severity) intent.severity = severity;
  const status = warningStatus(core);
  if (status) intent.status = status;
  return intent;
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
const TEXT_EDGES = new RegExp(`^[${PUNCT}，。：；！？]+|[${PUNCT}，。：；]+$`, 'gu');

function buildSubmitRectification({ surface, core }: ParseContext): Intent | undefined {
  const intent: Intent = { kind: 'submit_rectification' };
  const source = stripPoliteness(surface);
  const m = SUBMIT_SURFACE.exec(source);
  if (m) {
    const { ref, rest } = splitLeadingRef(source.slice(m.index + m[0].length));
    if (ref) intent.taskRef = ref;
    let text = (ref ? rest : rest.replace(/^\s*任务/u, '')).replace(TEXT_EDGES, '').trim();
    if (!text) text = source.slice(0, m.index).replace(TEXT_EDGES, '').trim();
    if (text) intent.text = Array.from(text).slice(0, 2000).join('');
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
const REPORT_VERB = /^(?:我来|我)?(?:报告|上报|填报|汇报|报送|录入|登记|更新|填写)(?:一下)?/u;
const VALUE_AT_END = /(-?\d+(?:\.\d+)?)\s*([%‰]|[a-z²]{1,5}|[\p{Script=Han}]{1,4})?$/u;
const KNOWN_UNIT =
  /^(?:万元|亿元|元|人次|人|所|个|项|户|名|次|台|套|间|座|栋|张|份|件|天|日|月|年|吨|亩|公顷|株|棵|辆|批|期|篇|场|处|公里|千米|平方米|平米|立方米|米|小时|学时|课时|分钟|分|家|条|本|册|床|班|所)/u;
const CONNECTOR_AT_END =
  /(?:的|实际|完成值|完成数|完成量|完成了|完成|达到了|达到|为|是|:|=|共|计|已经|已|累计|目前|现在)\s*$/u;
const LEADING_PUNCT = new RegExp(`^[${PUNCT}]+`, 'u');
const REPORT_GENERIC = /^(?:指标|绩效指标|指标完成情况|完成情况|指标情况|情况|进度|数据)$/u;

function splitUnit(tail: string | undefined): string | undefined {
  if (!tail) return undefined;
  const known = KNOWN_UNIT.exec(tail)?.[0];
  return known ?? tail;
}

function buildReportIndicator({ core }: ParseContext): Intent | undefined {
  const verb = REPORT_VERB.exec(core);
  const rest = verb ? core.slice(verb[0].length).replace(LEADING_PUNCT, '') : core;
  const value = VALUE_AT_END.exec(rest);
  let qualitative: 'met' | 'partly_met' | 'not_met' | undefined;
  let qualIndex = -1;
  if (!value) {
    for (const [re, q] of QUALITATIVE) {
      const m = re.exec(rest);
      if (m) {
        qualitative = q;
        qualIndex = m.index;
        break;
      }
    }
  }
  if (!verb) {
    // Without a verb only "<指标>完成了 12 所" (a statement, not a question) is a report.
    if (!value || QUESTION.test(core) || !/完成|达到|实际/u.test(rest)) return undefined;
  } else if (!value && !qualitative && rest.trim() && !/指标|完成|实际|进度|数据/u.test(rest)) {
    return undefined;
  }
  const intent: Intent = { kind: 'report_indicator' };
  let head = value ? rest.slice(0, value.index) : qualIndex >= 0 ? rest.slice(0, qualIndex) : rest;
  if (value) {
    intent.value = Number(value[1]);
    const unit = splitUnit(value[2]);
    if (unit) intent.unit = unit;
  }
  if (qualitative) intent.qualitative = qualitative;
  for (let i = 0; i < 4; i++) head = head.replace(CONNECTOR_AT_END, '');
  head = head.replace(/^\s*(?:绩效)?指标(?:完成(?:情况|值))?/u, '');
  let query: string | undefined;
  let indicator = head;
  const quoted = extractQuoted(head);
  const code = extractItemCode(head);
  if (quoted) {
    query = quoted;
    indicator = removeQuoted(head);
  } else if (code) {
    query = code;
    indicator = head.replace(new RegExp(code, 'iu'), ' ');
  } else if (head.includes('的')) {
    const at = head.lastIndexOf('的');
    query = head.slice(0, at);
    indicator = head.slice(at + 1);
  } else if (/\S\s+\S/u.test(head.trim())) {
    const [first = '', ...others] = head.trim().split(/\s+/u);
    query = first;
    indicator = others.join('');
  } else {
    const m = /^(.{2,}?(?:项目|工程))(.+)$/u.exec(head.trim());
    if (m) {
      query = m[1];
      indicator = m[2] ?? '';
    }
  }
  const q = query === undefined ? '' : code && query === code ? code : extractSubject(query);
  if (q) intent.query = q;
  const ind = indicator.replace(/\s+/gu, '').replace(/^(?:的|了)+|(?:的|了)+$/gu, '');
  if (ind && !REPORT_GENERIC.test(ind)) intent.indicator = ind;
  return intent;
}

function buildRectifications({ core }: ParseContext): Intent {
  if (RECTIFICATION_OPEN.test(core)) return { kind: 'rectifications', status: 'open' };
  if (RECTIFICATION_ALL.test(core)) return { kind: 'rectifications', status: 'all' };
  return { kind: 'rectifications' };
}

function buildLagging({ core }: ParseContext): Intent {
  const intent: Intent = { kind: 'lagging_items', scope: detectScope(core) };
  const limit = extractLimit(core);
  if (limit) intent.limit = limit;
  return intent;
}

function buildItemQuery(kind: 'item_payments' | 'item_indicators', words: RegExp) {
  return ({ core }: ParseContext): Intent => {
    const query = extractSubject(core, [words, /资金|情况|明细|记录|完成|数据|绩效|多少|钱/u]);
    return query ? { kind, query } : { kind };
  };
}

function buildSummary({ core }: ParseContext): Intent | undefined {
  const explicit = SUMMARY_VERBS.test(core);
  if (!explicit && !STATUS_WORDS.test(core)) return undefined;
  if (BY_REGION.test(core)) return { kind: 'summary', by: 'region' };
  if (BY_FUND_TYPE.test(core)) return { kind: 'summary', by: 'fund_type' };
  if (BY_DEPARTMENT.test(core) || SCOPE_DEPARTMENT.test(core)) return { kind: 'summary', by: 'department' };
  const subject = extractSubject(core, [SUMMARY_VERBS, /预算|绩效|数据|一览/u]);
  const fundType = FUND_TYPE_NAME.exec(subject)?.[1];
  if (fundType) return { kind: 'summary', by: 'fund_type', name: displayName(fundType) };
  if (REGION_NAME.test(subject)) return { kind: 'summary', by: 'region', name: subject };
  if (DEPARTMENT_NAME.test(subject)) return { kind: 'summary', by: 'department', name: displayName(subject) };
  if (explicit && !subject) return { kind: 'summary', by: 'department' };
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

// ——— the table ———

const ITEM_HINTS = [
  STATUS_WORDS,
  /(?<![a-z0-9])(?:[a-z][a-z0-9]{0,9}-)*\d{4}-\d{3,8}/u,
  /[「『“"《【]/u,
  new RegExp(`${QUERY_VERB.source}.{2,}`, 'u'),
  /.{2,}(?:项目|工程)$/u,
  /^(?:项目|工程)\s*\S{2,}/u,
];

export const INTENT_RULES: readonly IntentRule[] = [
  {
    kind: 'confirm',
    build: ({ core }) =>
      length(core) <= SHORT_REPLY_MAX && CONFIRM.test(core) ? { kind: 'confirm' } : undefined,
  },
  {
    kind: 'cancel',
    build: ({ core }) =>
      length(core) <= SHORT_REPLY_MAX && CANCEL.test(core) ? { kind: 'cancel' } : undefined,
  },
  { kind: 'help', when: [HELP_EXACT, HELP_CONTAINS], build: () => ({ kind: 'help' }) },
  {
    kind: 'greeting',
    build: ({ core }) => (length(core) <= 20 && GREETING.test(core) ? { kind: 'greeting' } : undefined),
  },
  { kind: 'unsubscribe_digest', when: [UNSUBSCRIBE], build: () => ({ kind: 'unsubscribe_digest' }) },
  { kind: 'subscribe_digest', when: [SUBSCRIBE], build: () => ({ kind: 'subscribe_digest' }) },
  { kind: 'unknown', when: [DESTRUCTIVE], build: ({ surface }) => ({ kind: 'unknown', text: surface }) },
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
    kind: 'self_evaluation_coverage',
    when: [SELF_EVALUATION],
    build: () => ({ kind: 'self_evaluation_coverage' }),
  },
  { kind: 'rectifications', when: [RECTIFICATION], build: buildRectifications },
  { kind: 'warnings', when: [WARNING_WORDS], build: buildWarnings },
  { kind: 'lagging_items', when: [LAGGING], build: buildLagging },
  { kind: 'item_payments', when: [PAYMENTS], build: buildItemQuery('item_payments', PAYMENTS) },
  { kind: 'item_indicators', when: [INDICATORS], build: buildItemQuery('item_indicators', INDICATORS) },
  { kind: 'summary', when: [SUMMARY_VERBS, STATUS_WORDS], build: buildSummary },
  { kind: 'item_status', when: ITEM_HINTS, build: buildItemStatus },
];

function parseCapped(capped: string): Intent {
  const surface = normalizeSurface(capped);
  const text = normalizeText(capped);
  const unknown: Intent = { kind: 'unknown', text: surface };
  if (!text) return unknown;
  const ctx: ParseContext = { text, core: stripPoliteness(text), surface };
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
