import { lineScoreProblems, NotFoundError, unscoredLines } from '@jixiao/core';
import {
  countyFiscalRankingFor,
  expertOfUser,
  getKeyEvaluation,
  type KeyEvaluationRow,
  latestEvaluationOfItem,
  visibleScores,
} from '@jixiao/db/evaluations';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { clip, commandButton, formatNumber, md } from '../render/format.ts';
import { resolveItem } from '../resolve-item.ts';

export type EvaluationCommand =
  | { kind: 'show'; evaluationId: number }
  | { kind: 'score'; evaluationId: number; pairs: Array<{ lineKey: string; score: number }> }
  | { kind: 'submit'; evaluationId: number }
  | { kind: 'result'; query: string | undefined };

const SCORE = /^(?:打分|评分)\s*#?\s*(\d{1,9})\s*(?:号评价)?\s*([\s\S]*)$/u;
const SUBMIT = /^提交评分\s*#?\s*(\d{1,9})\s*$/u;
const RESULT = /^(?:查询?|看看?)?\s*评价结果\s*[:：]?\s*([\s\S]*)$/u;
const PAIR = /([A-Za-z0-9][A-Za-z0-9._-]{0,19})\s*[=＝:：]\s*(\d{1,3}(?:\.\d{1,2})?)\s*分?/gu;

/**
 * "评分 3" (the lines and one's own scores), "评分 3 1.1=4 1.2=4.5" (scores to confirm),
 * "提交评分 3" (final, to confirm), "评价结果 城区学校扩容" (the accepted result in scope).
 */
export function explicitEvaluationCommand(surface: string): EvaluationCommand | null {
  const text = surface.trim();
  const submit = SUBMIT.exec(text);
  if (submit?.[1]) return { kind: 'submit', evaluationId: Number(submit[1]) };
  const result = RESULT.exec(text);
  if (result) return { kind: 'result', query: result[1]?.trim() || undefined };
  const score = SCORE.exec(text);
  if (!score?.[1]) return null;
  const rest = score[2] ?? '';
  const pairs = [...rest.matchAll(PAIR)].map((m) => ({ lineKey: m[1] as string, score: Number(m[2]) }));
  if (pairs.length === 0 && rest.trim()) return null;
  return pairs.length
    ? { kind: 'score', evaluationId: Number(score[1]), pairs }
    : { kind: 'show', evaluationId: Number(score[1]) };
}

const reply = (title: string, markdown: string) => personal({ title, markdown });

async function load(ctx: BotContext, id: number): Promise<KeyEvaluationRow | Answer> {
  try {
    return await getKeyEvaluation(ctx.platform.db, ctx.official.actor, id);
  } catch (err) {
    if (err instanceof NotFoundError)
      return reply('没有找到评价', `重点评价 #${id} 不存在，或您不是它的评价组专家。`);
    throw err;
  }
}

async function notScoring(ctx: BotContext, e: KeyEvaluationRow): Promise<Answer | null> {
  if (e.status !== 'scoring')
    return reply('现在不能评分', `“${md(e.title)}”当前为“${e.statusLabel}”，只有评价打分中才能评分。`);
  const me = await expertOfUser(ctx.platform.db, ctx.official.userId);
  const entry = me ? e.panel.find((p) => p.expertId === me.id) : undefined;
  if (!entry) return reply('不能评分', `您不是“${md(e.title)}”的评价组专家。`);
  if (entry.submitted) return reply('已提交评分', `您已提交对“${md(e.title)}”的评分，不能再修改。`);
  return null;
}

/** 评分 3: the lines with their weights and the expert's own scores so far (others' stay hidden). */
async function showLines(ctx: BotContext, id: number): Promise<Answer> {
  const e = await load(ctx, id);
  if (!('lines' in e)) return e;
  const scores = await visibleScores(ctx.platform.db, ctx.official.actor, id);
  const mine = new Map(scores.mine.map((s) => [s.lineKey, s.score]));
  const lines = e.lines.map(
    (l) =>
      `- ${l.key} ${md(l.dimension)}·${md(l.name)}（${formatNumber(l.weight)}分）：${
        mine.has(l.key) ? `已打 ${formatNumber(mine.get(l.key) as number)} 分` : '未打分'
      }`,
  );
  const left = e.lines.length - mine.size;
  return personal({
    title: `评分：${e.title}`,
    markdown: [
      `评价对象：${md(e.item ? e.item.name : e.orgUnit.name)}，状态：${e.statusLabel}。`,
      lines.join('\n'),
      left > 0
        ? `还有 ${left} 项未打分。发送“评分 ${e.id} 编号=分数 …”打分，例如“评分 ${e.id} ${e.lines[0]?.key ?? '1.1'}=${formatNumber(e.lines[0]?.weight ?? 5)}”。`
        : `已全部打分。发送“提交评分 ${e.id}”提交，提交后不能修改。`,
      scores.blindReason ? `（背靠背评分：${scores.blindReason}）` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  });
}

/** 评分 3 1.1=4 …: checked against the lines, shown, and saved only on 确认. */
async function prepareScores(
  ctx: BotContext,
  id: number,
  pairs: Array<{ lineKey: string; score: number }>,
): Promise<Answer> {
  const e = await load(ctx, id);
  if (!('lines' in e)) return e;
  const refused = await notScoring(ctx, e);
  if (refused) return refused;
  const problems = lineScoreProblems(e.lines, pairs);
  if (problems.length) return reply('评分有误', problems.map((p) => `- ${md(p.message)}`).join('\n'));
  const byKey = new Map(e.lines.map((l) => [l.key, l]));
  const scores = pairs.map((p) => ({ ...p, name: byKey.get(p.lineKey)?.name ?? p.lineKey }));
  const token = ctx.memory.createPending({
    kind: 'evaluation_scores',
    evaluationId: e.id,
    title: e.title,
    scores,
    submit: false,
  });
  return personal(
    renderConfirmation(
      '请确认评分',
      `将保存您对“${md(e.title)}”的以下评分（提交前可修改）：`,
      scores.map((s) => ({
        label: `${s.lineKey} ${clip(s.name, 20)}`,
        value: `${formatNumber(s.score)} / ${formatNumber(byKey.get(s.lineKey)?.weight ?? 0)} 分`,
      })),
      token,
    ),
  );
}

/** 提交评分 3: every line scored, then final on 确认. */
async function prepareSubmit(ctx: BotContext, id: number): Promise<Answer> {
  const e = await load(ctx, id);
  if (!('lines' in e)) return e;
  const refused = await notScoring(ctx, e);
  if (refused) return refused;
  const { mine } = await visibleScores(ctx.platform.db, ctx.official.actor, id);
  const remaining = unscoredLines(e.lines, new Set(mine.map((s) => s.lineKey)));
  if (remaining.length) {
    return reply(
      '还有指标未打分',
      `还有 ${remaining.length} 项未打分：${remaining.map((l) => `${l.key} ${md(l.name)}`).join('、')}。请先打分再提交。`,
    );
  }
  const byKey = new Map(e.lines.map((l) => [l.key, l]));
  const total = mine.reduce((s, x) => s + x.score, 0);
  const token = ctx.memory.createPending({
    kind: 'evaluation_scores',
    evaluationId: e.id,
    title: e.title,
    scores: mine.map((s) => ({ lineKey: s.lineKey, score: s.score, name: byKey.get(s.lineKey)?.name ?? '' })),
    submit: true,
  });
  return personal(
    renderConfirmation(
      '请确认提交评分',
      `将提交您对“${md(e.title)}”的全部评分，合计 ${formatNumber(Math.round(total * 100) / 100)} 分。提交后不能修改，并可看到其他已提交专家的评分。`,
      [{ label: '已打分指标', value: `${mine.length} 项` }],
      token,
    ),
  );
}

/** 评价结果 <项目>: the latest accepted key evaluation of an item in the asker's scope. */
export async function evaluationResultAnswer(ctx: BotContext, query: string | undefined): Promise<Answer> {
  const r = await resolveItem(ctx, query, { purpose: 'evaluation_result' });
  if (r.kind !== 'found') return r.answer;
  ctx.memory.rememberItem(r.item);
  const e = await latestEvaluationOfItem(ctx.platform.db, ctx.dataActor, r.item.id);
  if (!e) {
    return data({
      title: `评价结果：${r.item.name}`,
      markdown: `${md(r.item.name)}（${md(r.item.code)}）还没有经财政验收的重点绩效评价结果。`,
      buttons: [commandButton('查看项目', `查项目 ${r.item.code}`)],
    });
  }
  return data({
    title: `评价结果：${r.item.name}`,
    markdown: [
      `**${md(e.title)}**`,
      e.summary ? md(clip(e.summary, 300)) : '',
      e.findings ? `主要问题：${md(clip(e.findings, 300))}` : '',
      e.recommendations ? `意见建议：${md(clip(e.recommendations, 300))}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    fields: [
      { label: '得分', value: e.score === null ? '—' : `${formatNumber(e.score)}分` },
      { label: '等级', value: e.grade?.label ?? '—' },
      {
        label: '评价方式',
        value: e.institution ? `${e.carrierLabel}（${e.institution.name}）` : e.carrierLabel,
      },
      { label: '评价年度', value: `${e.fiscalYear}年` },
    ],
  });
}

export async function evaluationCommandAnswer(ctx: BotContext, cmd: EvaluationCommand): Promise<Answer> {
  switch (cmd.kind) {
    case 'show':
      return showLines(ctx, cmd.evaluationId);
    case 'score':
      return prepareScores(ctx, cmd.evaluationId, cmd.pairs);
    case 'submit':
      return prepareSubmit(ctx, cmd.evaluationId);
    case 'result':
      return evaluationResultAnswer(ctx, cmd.query);
  }
}

const COUNTY_RANKING =
  /^(?:查询?|看看?)?\s*(?:(20\d{2})\s*年度?\s*)?(?:各?县区?|县市区|下级政府)\s*财政运行(?:综合绩效)?(?:评价|排名|得分)+\s*(?:(20\d{2})\s*年度?)?\s*$/u;

/** "各县区财政运行评价", "2026年县区财政运行排名": the year, when given; null when not this question. */
export function countyRankingQuestion(surface: string): { year?: number } | null {
  const m = COUNTY_RANKING.exec(surface.trim());
  if (!m) return null;
  const year = m[1] ?? m[2];
  return year ? { year: Number(year) } : {};
}

/** 下级政府财政运行综合绩效评价 in chat: the city sees every county ranked, a county its own line. */
export async function countyRankingAnswer(ctx: BotContext, q: { year?: number }): Promise<Answer> {
  const r = await countyFiscalRankingFor(ctx.platform, ctx.dataActor, q.year);
  if (!r || r.counties.length === 0) {
    return data({
      title: '县区财政运行综合绩效评价',
      markdown:
        '暂无可查看的县区财政运行综合绩效评价结果（各县区尚未报送财政运行数据，或不在您的数据范围内）。',
    });
  }
  const lines = r.counties.map((c) => {
    const weak = [...c.indicators].sort((a, b) => b.points - b.score - (a.points - a.score))[0];
    return `${c.rank}. **${md(c.name)}** ${formatNumber(c.total)}分${
      weak && weak.score < weak.points
        ? `（失分最多：${md(weak.name)} ${formatNumber(weak.score)}/${formatNumber(weak.points)}）`
        : ''
    }`;
  });
  return data({
    title: `${r.fiscalYear}年度县区财政运行综合绩效评价`,
    markdown: [
      r.counties.length < r.total
        ? `${md(r.region.name)}共${r.total}个县区参加排名，您可查看本县区：`
        : `${md(r.region.name)}所辖县区得分和排名：`,
      lines.join('\n'),
    ].join('\n\n'),
  });
}
