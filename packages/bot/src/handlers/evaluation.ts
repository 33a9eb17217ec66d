import {
  GRADES,
  gradeOf,
  judgeDistortion,
  lineScoreProblems,
  NotFoundError,
  type ReplyButton,
  unscoredLines,
} from '@jixiao/core';
import {
  countyFiscalRankingFor,
  expertOfUser,
  getKeyEvaluation,
  type KeyEvaluationRow,
  latestEvaluationOfItem,
  visibleScores,
} from '@jixiao/db/evaluations';
import {
  getSelfEvaluation,
  listSelfEvaluations,
  type SelfEvaluationRow,
  scoredColumns,
} from '@jixiao/db/self-evaluations';
import { getSpotCheckEntry, type SpotCheckEntryRow } from '@jixiao/db/spot-checks';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { clip, commandButton, formatNumber, md } from '../render/format.ts';
import { resolveItem } from '../resolve-item.ts';

export type EvaluationCommand =
  | { kind: 'show'; evaluationId: number }
  | { kind: 'score'; evaluationId: number; pairs: Array<{ lineKey: string; score: number }> }
  | { kind: 'submit'; evaluationId: number }
  | { kind: 'result'; query: string | undefined }
  | { kind: 'spot_check_show'; entryId: number }
  | { kind: 'spot_check_review'; entryId: number; score: number; note: string };

const SCORE = /^(?:打分|评分)\s*#?\s*(\d{1,9})\s*(?:号评价)?\s*([\s\S]*)$/u;
const SUBMIT = /^提交评分\s*#?\s*(\d{1,9})\s*$/u;
const RESULT = /^(?:查询?|看看?)?\s*评价结果\s*[:：]?\s*([\s\S]*)$/u;
const SPOT_REVIEW =
  /^(?:复核抽查|抽查复核)\s*#?\s*(\d{1,9})\s*(?:(\d{1,3}(?:\.\d{1,2})?)\s*分?\s*[，,。；;：:]?\s*([\s\S]*))?$/u;
const PAIR = /([A-Za-z0-9][A-Za-z0-9._-]{0,19})\s*[=＝:：]\s*(\d{1,3}(?:\.\d{1,2})?)\s*分?/gu;

/**
 * "评分 3" (the lines and one's own scores), "评分 3 1.1=4 1.2=4.5" (scores to confirm),
 * "提交评分 3" (final, to confirm), "评价结果 城区学校扩容" (the accepted result in scope).
 */
export function explicitEvaluationCommand(surface: string): EvaluationCommand | null {
  const text = surface.trim();
  const submit = SUBMIT.exec(text);
  if (submit?.[1]) return { kind: 'submit', evaluationId: Number(submit[1]) };
  const spot = SPOT_REVIEW.exec(text);
  if (spot?.[1]) {
    if (spot[2] === undefined) return { kind: 'spot_check_show', entryId: Number(spot[1]) };
    return {
      kind: 'spot_check_review',
      entryId: Number(spot[1]),
      score: Number(spot[2]),
      note: (spot[3] ?? '').trim(),
    };
  }
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

/** 查看详情: the signed page (`/view/evaluations/3`) for the asker, when the engine can sign links. */
function pageButton(ctx: BotContext, label: string, path: string): ReplyButton[] {
  if (!ctx.viewLink || ctx.official.userId === null) return [];
  return [{ label, kind: 'url', url: ctx.viewLink(ctx.official.userId, path) }];
}

const sumScores = (xs: ReadonlyArray<{ score: number }>) =>
  Math.round(xs.reduce((s, x) => s + x.score, 0) * 100) / 100;

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
    fields: [{ label: '已打分合计', value: `${formatNumber(sumScores(scores.mine))} 分` }],
    buttons: pageButton(ctx, '查看评价详情', `/view/evaluations/${e.id}`),
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
  // The total once saved: these scores over the expert's earlier ones.
  const after = new Map(
    (await visibleScores(ctx.platform.db, ctx.official.actor, id)).mine.map((m) => [m.lineKey, m.score]),
  );
  for (const p of pairs) after.set(p.lineKey, p.score);
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
      scores
        .map((s) => ({
          label: `${s.lineKey} ${clip(s.name, 20)}`,
          value: `${formatNumber(s.score)} / ${formatNumber(byKey.get(s.lineKey)?.weight ?? 0)} 分`,
        }))
        .concat({
          label: '保存后合计',
          value: `${formatNumber(sumScores([...after.values()].map((score) => ({ score }))))} 分（已打${after.size}/${e.lines.length}项）`,
        }),
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
  const total = sumScores(mine);
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
      `将提交您对“${md(e.title)}”的全部评分，合计 ${formatNumber(total)} 分。提交后不能修改，并可看到其他已提交专家的评分。`,
      [{ label: '已打分指标', value: `${mine.length} 项` }],
      token,
    ),
  );
}

function selfEvaluationLine(se: SelfEvaluationRow): string {
  const score = se.finalScore ?? se.score;
  return `${se.fiscalYear}年度绩效自评：${se.statusLabel}${score === null ? '' : `，${formatNumber(score)}分`}。`;
}

/** 评价结果 <项目>: the latest accepted key evaluation of an item in the asker's scope. */
export async function evaluationResultAnswer(ctx: BotContext, query: string | undefined): Promise<Answer> {
  const r = await resolveItem(ctx, query, { purpose: 'evaluation_result' });
  if (r.kind !== 'found') return r.answer;
  ctx.memory.rememberItem(r.item);
  const e = await latestEvaluationOfItem(ctx.platform.db, ctx.dataActor, r.item.id);
  if (!e) {
    const [selfEval] = (
      await listSelfEvaluations(ctx.platform.db, ctx.dataActor, { itemId: r.item.id, limit: 50 })
    ).slice(-1);
    return data({
      title: `评价结果：${r.item.name}`,
      markdown: `${md(r.item.name)}（${md(r.item.code)}）还没有经财政验收的重点绩效评价结果。${
        selfEval ? selfEvaluationLine(selfEval) : ''
      }`,
      buttons: [
        commandButton('查看项目', `查项目 ${r.item.code}`),
        ...(selfEval ? pageButton(ctx, '查看自评表', `/view/self-evaluations/${selfEval.id}`) : []),
      ],
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
    buttons: pageButton(ctx, '查看评价报告', `/view/evaluations/${e.id}`),
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
    case 'spot_check_show':
      return showSpotCheckEntry(ctx, cmd.entryId);
    case 'spot_check_review':
      return prepareSpotCheckReview(ctx, cmd.entryId, cmd.score, cmd.note);
  }
}

async function loadEntry(ctx: BotContext, entryId: number): Promise<SpotCheckEntryRow | Answer> {
  try {
    return await getSpotCheckEntry(ctx.platform.db, ctx.official.actor, entryId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return reply('没有找到抽查记录', `抽查记录 #${entryId} 不存在，或没有指派您复核。`);
    throw err;
  }
}

/** 复核抽查 12: the sampled self-evaluation as printed (target, actual, score per line) for its reviewer. */
async function showSpotCheckEntry(ctx: BotContext, entryId: number): Promise<Answer> {
  const e = await loadEntry(ctx, entryId);
  if (!('selfEvaluationId' in e)) return e;
  const se = await getSelfEvaluation(ctx.platform.db, ctx.official.actor, e.selfEvaluationId);
  const check = scoredColumns(ctx.platform, se).check;
  const lines = se.lines.map((l, i) => {
    const score = check.indicators[i]?.score;
    return `- ${md(l.name)}：目标 ${md(l.target ?? '—')}，实际 ${md(l.actual ?? '—')}，${
      score === null || score === undefined
        ? '无法计分'
        : `${formatNumber(score)}/${formatNumber(l.weight)}分`
    }`;
  });
  return personal({
    title: `抽查复核：${e.item.name}`,
    markdown: [
      `${md(e.orgUnit.name)} ${se.fiscalYear}年度自评 ${e.selfScore ?? '—'}分（${e.selfGrade?.label ?? '—'}），抽中原因：${e.reasonLabel}。`,
      `预算执行：${check.budget.rate === null ? '—' : `${formatNumber(Math.round(check.budget.rate * 1000) / 10)}%`}，${
        check.budget.score === null ? '—' : `${formatNumber(check.budget.score)}分`
      }`,
      lines.join('\n'),
      se.problems.length ? `自评表核算问题：${se.problems.map((p) => md(p.message)).join('；')}` : '',
      e.reviewedAt
        ? `已复核：${e.reviewScore}分（${e.reviewGrade?.label ?? '—'}）。`
        : `发送“复核抽查 ${e.id} 分数 复核意见”提交复核，例如“复核抽查 ${e.id} 82 产出数量与佐证不符”。`,
    ]
      .filter(Boolean)
      .join('\n\n'),
  });
}

/** 复核抽查 12 82 意见: the re-score and what it means (失真 or not) shown, written only on 确认. */
async function prepareSpotCheckReview(
  ctx: BotContext,
  entryId: number,
  score: number,
  note: string,
): Promise<Answer> {
  const e = await loadEntry(ctx, entryId);
  if (!('selfEvaluationId' in e)) return e;
  if (e.reviewedAt)
    return reply(
      '已复核',
      `该抽查记录已由${md(e.reviewedBy?.name ?? '')}复核（${e.reviewScore}分），不能重复复核。`,
    );
  if (score > 100) return reply('复核得分有误', '复核得分不能超过100分。');
  if (!note) {
    return reply(
      '请写复核意见',
      `请在分数后写上复核意见，例如“复核抽查 ${e.id} ${formatNumber(score)} 产出数量与佐证不符”。`,
    );
  }
  if (e.selfScore === null || e.selfGrade === null) return reply('无法复核', '该自评尚无得分，无法比较。');
  const cfg = ctx.platform.config.evaluation.spotCheck;
  const grade = gradeOf(score, ctx.platform.config);
  const judgement = judgeDistortion(
    { score: e.selfScore, grade: e.selfGrade.code },
    { score, grade },
    e.checkProblems,
    cfg,
  );
  const token = ctx.memory.createPending({
    kind: 'spot_check_review',
    spotCheckId: e.spotCheckId,
    entryId: e.id,
    itemName: e.item.name,
    score,
    note: clip(note, 2000),
  });
  return personal(
    renderConfirmation(
      '请确认复核',
      `将提交对“${md(e.item.name)}”自评的复核，提交后不能修改${
        judgement.distorted
          ? `，并将认定**失真**（${md(judgement.reasons.join('；'))}），通知部门、下达整改`
          : '，并通知部门'
      }：`,
      [
        { label: '自评得分', value: `${formatNumber(e.selfScore)}分（${e.selfGrade.label}）` },
        { label: '复核得分', value: `${formatNumber(score)}分（${GRADES.labels[grade]}）` },
        { label: '复核意见', value: clip(note, 60) },
      ],
      token,
    ),
  );
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
