import {
  type Fen,
  formatShare,
  prepareSelfEvaluation,
  type SelfEvaluationCheck,
  type SelfEvaluationContent,
  type SelfEvaluationLine,
  scoreSelfEvaluation,
} from '@jixiao/core';
import { permissionsAt } from '@jixiao/db';
import type { ItemRow } from '@jixiao/db/items';
import {
  actOnSelfEvaluation,
  findSelfEvaluation,
  prepareItemSelfEvaluation,
  recordSelfEvaluation,
  selfEvaluationScheme,
  selfEvaluationSource,
} from '@jixiao/db/self-evaluations';
import { type Answer, type BotContext, personal } from '../context.ts';
import type { SelfEvaluationSession } from '../memory.ts';
import { parseSelfEvaluationAnswer } from '../parser/self-evaluation-answer.ts';
import { AWAITING_TTL_MS, type PendingAction } from '../pending.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { commandButton, formatWanYuan, md } from '../render/format.ts';
import { resolveItem } from '../resolve-item.ts';

/** "自评 JDZ-2026-0012", "开始自评 公租房", "继续自评": the start (or resumption) of a self-evaluation conversation. */
const COMMAND = /^(?:开始|继续|我要|进行)?(?:绩效)?自评\s*(.{0,60})$/u;

export function selfEvaluationCommand(normalized: string): { query: string } | null {
  const m = COMMAND.exec(normalized);
  if (!m || /覆盖|情况|结果|多少|几/u.test(normalized)) return null;
  return { query: (m[1] ?? '').trim() };
}

const STOP = /^(?:退出自评|暂停自评|停止自评|先到这|稍后再填|取消)$/u;
/** Messages that are something else, not an answer to the current question. */
const OTHER = /吗|么|\?|？|#\s*\d|(?:[a-z][a-z0-9]{0,9}-)*\d{4}-\d{3,8}|^(?:帮助|我的|查|确认$)/iu;

type Loaded =
  | { ok: true; content: SelfEvaluationContent; existingId: number | null }
  | { ok: false; answer: Answer };

async function load(ctx: BotContext, item: ItemRow, fiscalYear: number): Promise<Loaded> {
  const actor = ctx.official.actor;
  const existing = await findSelfEvaluation(ctx.platform.db, actor, item.id, fiscalYear);
  if (existing) {
    if (existing.status !== 'draft' && existing.status !== 'returned') {
      const score = existing.finalScore ?? existing.score;
      return {
        ok: false,
        answer: personal({
          title: '绩效自评已提交',
          markdown: `**${md(item.name)}**（${md(item.code)}）${fiscalYear}年度绩效自评当前为“${existing.statusLabel}”${
            score === null
              ? ''
              : `，得分 ${score} 分（${existing.finalGrade?.label ?? existing.grade?.label ?? '—'}）`
          }，无需再填。`,
        }),
      };
    }
    return {
      ok: true,
      content: { budget: existing.budget, lines: existing.lines, measures: existing.measures },
      existingId: existing.id,
    };
  }
  const source = await selfEvaluationSource(ctx.platform.db, item, fiscalYear);
  if (!source) {
    return {
      ok: false,
      answer: personal({
        title: '无法自评',
        markdown: `**${md(item.name)}** ${fiscalYear}年度没有审核通过的绩效目标，无法开展自评。`,
      }),
    };
  }
  return { ok: true, content: prepareSelfEvaluation(source), existingId: null };
}

function applied(content: SelfEvaluationContent, session: SelfEvaluationSession): SelfEvaluationContent {
  const lines = content.lines.map((l) => ({ ...l }));
  for (const a of session.answers) {
    const line = lines[a.row];
    if (line) Object.assign(line, { actual: a.actual, deviationReason: a.deviationReason });
  }
  return { ...content, lines };
}

function scored(ctx: BotContext, content: SelfEvaluationContent): SelfEvaluationCheck {
  return scoreSelfEvaluation(content, selfEvaluationScheme(ctx.platform).scheme, ctx.platform.config);
}

/** 累计: the budget row and every line answered so far. */
function runningTotal(check: SelfEvaluationCheck, answered: number): number {
  let sum = check.budget.score ?? 0;
  for (let i = 0; i < answered; i++) sum += check.indicators[i]?.score ?? 0;
  return Math.round(sum * 100) / 100;
}

function question(line: SelfEvaluationLine, row: number, total: number): string {
  const latest = line.latest ? `；最近填报 **${md(line.latest)}**（${line.latestOn ?? ''}）` : '；尚无填报';
  return `**第 ${row + 1}/${total} 项** ${md(line.level1)}·${md(line.level2)}“${md(line.name)}”（${line.weight}分）\n\n目标 **${md(line.target ?? '未填写')}**${latest}。\n\n请回复实际完成值，例如“完成了98%”“只建了80套，原因是征地拖延”“达标”。`;
}

function stopButtons(): Answer['reply']['buttons'] {
  return [commandButton('暂停自评', '暂停自评')];
}

function budgetLine(content: SelfEvaluationContent, check: SelfEvaluationCheck): string {
  const b = content.budget;
  return `全年预算 ${formatWanYuan(b.adjustedFen as Fen)}，全年执行 ${formatWanYuan(b.executedFen as Fen)}，执行率 ${
    check.budget.rate === null ? '—' : formatShare(check.budget.rate)
  }，预算执行得分 ${check.budget.score ?? 0} 分。`;
}

/** The next question, or the summary with the 确认 card when every line is answered. */
function next(
  ctx: BotContext,
  session: SelfEvaluationSession,
  content: SelfEvaluationContent,
  lead: string,
): Answer {
  const filled = applied(content, session);
  const check = scored(ctx, filled);
  const line = filled.lines[session.row];
  if (line) {
    return personal({
      title: `绩效自评：${session.itemName}`,
      markdown: `${lead}${lead ? '\n\n' : ''}${question(line, session.row, filled.lines.length)}`,
      buttons: stopButtons(),
    });
  }
  const problems = check.problems.filter((p) => p.code !== 'missing_actual');
  const action: PendingAction = {
    kind: 'submit_self_evaluation',
    itemId: session.itemId,
    itemCode: session.itemCode,
    itemName: session.itemName,
    fiscalYear: session.fiscalYear,
    lines: session.answers,
  };
  const token = ctx.memory.createPending(action);
  return personal(
    renderConfirmation(
      '请确认提交绩效自评',
      `${lead}${lead ? '\n\n' : ''}**${md(session.itemName)}**（${md(session.itemCode)}）${session.fiscalYear}年度绩效自评已全部填完：总分 **${check.total ?? '—'}** 分，等级 **${check.grade?.label ?? '—'}**。${
        problems.length > 0
          ? `\n\n发现的问题：\n${problems.map((p) => `- ${md(p.message)}`).join('\n')}`
          : '\n\n未发现填报问题。'
      }\n\n确认后提交部门确认。`,
      [
        { label: '预算执行', value: `${check.budget.score ?? 0}分` },
        ...filled.lines.map((l, i) => ({
          label: l.name,
          value: `${l.actual ?? '—'}（目标 ${l.target ?? '—'}），${check.indicators[i]?.score ?? '—'}/${l.weight}分${
            l.deviationReason ? `；偏差原因：${l.deviationReason}` : ''
          }`,
        })),
        { label: '总分', value: `${check.total ?? '—'}分（${check.grade?.label ?? '—'}）` },
      ],
      token,
    ),
  );
}

/** 自评 <项目>: starts the conversation, or resumes the unfinished one where it stopped. */
export async function startSelfEvaluation(ctx: BotContext, query: string): Promise<Answer> {
  const current = ctx.memory.selfEvaluation;
  const r = await resolveItem(
    ctx,
    query || current?.itemCode || undefined,
    { purpose: 'self_evaluation' },
    ctx.official.actor,
  );
  if (r.kind !== 'found') return { ...r.answer, kind: 'personal' };
  const item = r.item;
  ctx.memory.rememberItem(item);
  if (!permissionsAt(ctx.official.actor, item.orgPath).includes('self_evaluations.submit')) {
    return personal({ title: '无权自评', markdown: `您无权填报 **${md(item.name)}** 的绩效自评。` });
  }
  const fiscalYear = item.currentFiscalYear;
  const loaded = await load(ctx, item, fiscalYear);
  if (!loaded.ok) return loaded.answer;
  const resume = current && current.itemId === item.id && current.fiscalYear === fiscalYear ? current : null;
  const session: SelfEvaluationSession = resume ?? {
    itemId: item.id,
    itemCode: item.code,
    itemName: item.name,
    fiscalYear,
    row: 0,
    reasonFor: null,
    answers: loaded.content.lines.flatMap((l, row) =>
      l.actual ? [{ row, actual: l.actual, deviationReason: l.deviationReason }] : [],
    ),
    updatedAt: '',
  };
  if (!resume) {
    const firstOpen = loaded.content.lines.findIndex((_, row) => !session.answers.some((a) => a.row === row));
    session.row = firstOpen < 0 ? loaded.content.lines.length : firstOpen;
  }
  const { updatedAt: _u, ...rest } = session;
  ctx.memory.setSelfEvaluation(rest);
  const check = scored(ctx, applied(loaded.content, session));
  const lead = resume
    ? `继续 **${md(item.name)}** 的绩效自评（已填 ${session.answers.length}/${loaded.content.lines.length} 项，累计 ${runningTotal(check, session.row)} 分）。`
    : `开始 **${md(item.name)}**（${md(item.code)}）${fiscalYear}年度绩效自评，共 ${loaded.content.lines.length} 项指标。${budgetLine(loaded.content, check)}中途可回复“暂停自评”，之后发“自评 ${item.code}”从断点继续。`;
  if (resume?.reasonFor !== null && resume?.reasonFor !== undefined) {
    const line = loaded.content.lines[resume.reasonFor];
    return personal({
      title: `绩效自评：${item.name}`,
      markdown: `${lead}\n\n“${md(line?.name ?? '')}”未达到目标，请说明偏差原因。`,
      buttons: stopButtons(),
    });
  }
  return next(ctx, session, loaded.content, lead);
}

/**
 * True when the message is meant for the self-evaluation conversation in progress: one that moved
 * within the awaited-reply window (later, “自评 <项目>” resumes it) and that is no question or command.
 */
export function isSelfEvaluationReply(ctx: BotContext, normalized: string): boolean {
  const s = ctx.memory.selfEvaluation;
  if (!s || ctx.memory.hasPending) return false;
  if (ctx.platform.now().getTime() - Date.parse(s.updatedAt) > AWAITING_TTL_MS) return false;
  return STOP.test(normalized) || !OTHER.test(normalized);
}

/**
 * An answer to the current question (or its 偏差原因): scored at once, then the next question.
 * Null when the message reads as no answer but as another command (`isCommand`): it is routed as usual.
 */
export async function answerSelfEvaluation(
  ctx: BotContext,
  text: string,
  normalized: string,
  isCommand: boolean,
): Promise<Answer | null> {
  const session = ctx.memory.selfEvaluation as SelfEvaluationSession;
  if (STOP.test(normalized)) {
    return personal({
      title: '已暂停自评',
      markdown: `已保存到第 ${session.row + 1} 项（尚未写入系统）。发送“自评 ${session.itemCode}”从断点继续。`,
      buttons: [commandButton('继续自评', `自评 ${session.itemCode}`)],
    });
  }
  const item = await resolveItem(ctx, session.itemCode, { purpose: 'self_evaluation' }, ctx.official.actor);
  if (item.kind !== 'found') {
    ctx.memory.clearSelfEvaluation();
    return { ...item.answer, kind: 'personal' };
  }
  const loaded = await load(ctx, item.item, session.fiscalYear);
  if (!loaded.ok) {
    ctx.memory.clearSelfEvaluation();
    return loaded.answer;
  }
  const lines = loaded.content.lines;
  const { updatedAt: _u, ...state } = session;
  if (session.reasonFor !== null) {
    if (isCommand) return null;
    const reason = text.trim().replace(/^(?:偏差)?(?:原因(?:是|为)?|因为|由于)\s*[:：]?\s*/u, '');
    if (Array.from(reason).length < 2) {
      return personal({
        title: '请说明偏差原因',
        markdown: '请用一句话说明未达到目标的原因。',
        buttons: stopButtons(),
      });
    }
    const answers = state.answers.map((a) =>
      a.row === session.reasonFor ? { ...a, deviationReason: reason } : a,
    );
    const moved = { ...state, answers, reasonFor: null, row: session.reasonFor + 1 };
    ctx.memory.setSelfEvaluation(moved);
    return next(ctx, { ...moved, updatedAt: '' }, loaded.content, `已记录偏差原因：${md(reason)}。`);
  }
  const line = lines[session.row];
  if (!line) return next(ctx, session, loaded.content, '');
  const parsed = parseSelfEvaluationAnswer(text, line.target);
  if (parsed.kind === 'unclear') {
    if (isCommand) return null;
    return personal({
      title: '没有看懂',
      markdown: `没有从“${md(text.slice(0, 40))}”读出“${md(line.name)}”的实际完成值（目标 ${md(line.target ?? '—')}）。请直接回复数值或完成情况，例如“${line.target?.replace(/^[≥≤=]/u, '') ?? '达标'}”。`,
      buttons: stopButtons(),
    });
  }
  if (parsed.kind === 'need_number') {
    return personal({
      title: '请给出实际完成值',
      markdown: `“${md(line.name)}”实际完成了多少？（目标 ${md(line.target ?? '—')}）`,
      buttons: stopButtons(),
    });
  }
  const answers = [
    ...state.answers.filter((a) => a.row !== session.row),
    { row: session.row, actual: parsed.actual, deviationReason: parsed.reason },
  ].sort((a, b) => a.row - b.row);
  const check = scored(ctx, applied(loaded.content, { ...session, answers }));
  const result = check.indicators[session.row];
  const completion = result?.completion ?? null;
  const short = completion !== null && completion < 1 - 1e-9;
  const total = runningTotal(check, session.row + 1);
  const lead = `“${md(line.name)}”实际 **${md(parsed.actual)}**，${
    result?.score === null || result?.score === undefined
      ? `无法计分（${md(check.problems.find((p) => p.row === session.row)?.message ?? '请检查填报')}）`
      : `得 **${result.score}/${line.weight}** 分`
  }；累计 **${total}** 分。`;
  if (short && !parsed.reason) {
    ctx.memory.setSelfEvaluation({ ...state, answers, reasonFor: session.row });
    return personal({
      title: `绩效自评：${session.itemName}`,
      markdown: `${lead}\n\n未达到目标（完成 ${formatShare(completion)}），请说明偏差原因。`,
      buttons: stopButtons(),
    });
  }
  const moved = { ...state, answers, reasonFor: null, row: session.row + 1 };
  ctx.memory.setSelfEvaluation(moved);
  return next(ctx, { ...moved, updatedAt: '' }, loaded.content, lead);
}

/** 确认: writes the answers, then submits; the conversation ends. */
export async function submitSelfEvaluationFromChat(
  ctx: BotContext,
  action: Extract<PendingAction, { kind: 'submit_self_evaluation' }>,
): Promise<Answer> {
  const { platform } = ctx;
  const actor = ctx.official.actor;
  const existing = await findSelfEvaluation(platform.db, actor, action.itemId, action.fiscalYear);
  const se = existing ?? (await prepareItemSelfEvaluation(platform, actor, action.itemId, action.fiscalYear));
  await recordSelfEvaluation(platform, actor, se.id, {
    lines: action.lines.map((l) => ({ row: l.row, actual: l.actual, deviationReason: l.deviationReason })),
  });
  const done = await actOnSelfEvaluation(platform, actor, se.id, 'submit');
  ctx.memory.clearSelfEvaluation();
  return personal({
    title: '已提交绩效自评',
    markdown: `已提交 **${md(done.item.name)}**（${md(done.item.code)}）${done.fiscalYear}年度绩效自评：${done.score ?? '—'} 分（${
      done.grade?.label ?? '—'
    }），等待部门确认后报送财政部门。`,
  });
}
