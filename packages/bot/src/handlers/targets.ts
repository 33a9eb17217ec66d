import {
  EX_ANTE_CONCLUSIONS,
  hasPermission,
  NotFoundError,
  REVIEW_CRITERIA,
  type ReviewCriterion,
} from '@jixiao/core';
import { listAssessments } from '@jixiao/db/assessments';
import { getVersion, listVersions, type TargetVersionRow } from '@jixiao/db/target-reviews';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { callbackButton, clip, commandButton, md } from '../render/format.ts';
import { resolveItem } from '../resolve-item.ts';
import type { Prepared } from './report.ts';

const SHOWN = 8;

/** "市一中教学楼改造2026年度绩效目标" / "市教育局2026年度部门整体绩效目标". */
function targetName(v: Pick<TargetVersionRow, 'item' | 'orgUnit' | 'fiscalYear'>): string {
  const year = v.fiscalYear === null ? '全周期' : `${v.fiscalYear}年度`;
  return v.item ? `${v.item.name}${year}绩效目标` : `${v.orgUnit.name}${year}部门整体绩效目标`;
}

function reviewerLines(v: TargetVersionRow): string[] {
  const lines: string[] = [];
  if (v.opinion) lines.push(`  审核意见：${md(v.opinion)}`);
  for (const [key, m] of Object.entries(v.criteria ?? {})) {
    if (!m.met) {
      const label = REVIEW_CRITERIA.labels[key as ReviewCriterion] ?? key;
      lines.push(`  - “${label}”不符合${m.note ? `：${md(m.note)}` : ''}`);
    }
  }
  for (const c of v.comments) {
    lines.push(`  - 指标“${md(c.indicator)}”：${md(c.comment)}`);
    if (c.answer) lines.push(`    答复：${md(c.answer)}`);
  }
  return lines;
}

/** Only the newest version of each target: where each target stands now. */
function latestPerTarget(rows: readonly TargetVersionRow[]): TargetVersionRow[] {
  const byTarget = new Map<string, TargetVersionRow>();
  for (const v of rows) {
    const key = v.item ? `i${v.item.id}:${v.fiscalYear}` : `d${v.orgUnit.id}:${v.fiscalYear}`;
    const seen = byTarget.get(key);
    if (!seen || seen.id < v.id) byTarget.set(key, v);
  }
  return [...byTarget.values()].sort((a, b) => b.id - a.id);
}

/** 目标审核到哪了: each target of the asker's scope with its latest version's review state. */
async function progressAnswer(ctx: BotContext): Promise<Answer> {
  const rows = latestPerTarget(await listVersions(ctx.platform.db, ctx.dataActor, { limit: 2000 }));
  if (rows.length === 0) {
    return data({ title: '绩效目标审核进度', markdown: '您的数据范围内还没有报送过绩效目标。' });
  }
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const lines = rows.slice(0, SHOWN).map((v) => {
    const when = v.reviewedAt ? `，${v.reviewedBy?.name ?? ''}审核` : '，等待财政审核';
    return `- ${md(targetName(v))}（第 ${v.version} 版）：**${statusText(v)}**${v.status === 'submitted' ? when : ''}`;
  });
  const more = rows.length > SHOWN ? `\n\n另有 ${rows.length - SHOWN} 项未列出。` : '';
  return data({
    title: '绩效目标审核进度',
    markdown: `共 ${rows.length} 项：待审核 ${count('submitted')}，已退回 ${count('returned')}，已通过 ${count('approved')}。\n\n${lines.join('\n')}${more}`,
    buttons: count('returned') > 0 ? [commandButton('哪些目标被退回', '哪些目标被退回')] : [],
  });
}

const statusText = (v: TargetVersionRow) =>
  v.status === 'submitted'
    ? '待审核'
    : v.status === 'returned'
      ? '已退回'
      : v.status === 'approved'
        ? '已通过'
        : v.status;

/** 哪些目标被退回: returned targets not yet resubmitted, with the reviewer's reasons and comments. */
async function returnedAnswer(ctx: BotContext): Promise<Answer> {
  const rows = latestPerTarget(await listVersions(ctx.platform.db, ctx.dataActor, { limit: 2000 })).filter(
    (v) => v.status === 'returned',
  );
  if (rows.length === 0) {
    return data({ title: '被退回的绩效目标', markdown: '没有被退回、待修改的绩效目标。' });
  }
  const blocks = rows
    .slice(0, SHOWN)
    .map((v) =>
      [
        `- #${v.id} **${md(targetName(v))}**（第 ${v.version} 版${v.reviewedBy ? `，${md(v.reviewedBy.name)}退回` : ''}）`,
        ...reviewerLines(v),
      ].join('\n'),
    );
  return data({
    title: '被退回的绩效目标',
    markdown: `${rows.length} 项绩效目标被退回，请按意见修改后重新报送（可导出申报表修改后导入）：\n\n${blocks.join('\n\n')}\n\n对某个指标的意见作出答复，请回复“答复 #编号 指标名称：答复内容”，例如“答复 #${rows[0]?.id ?? 1} ${rows[0]?.comments[0]?.indicator ?? '指标名称'}：已按新增学位数核定为1800人”。`,
  });
}

/** 待审核的目标 (the finance bureau): submitted versions with 通过 / 退回 buttons. */
async function queueAnswer(ctx: BotContext, query: string): Promise<Answer> {
  if (!hasPermission(ctx.official.actor.roles, 'targets.review')) {
    return personal({ title: '待审核的绩效目标', markdown: '只有财政部门的审核人员可以审核绩效目标。' });
  }
  let itemId: number | undefined;
  if (query) {
    const resolved = await resolveItem(ctx, query, { purpose: 'item_status' }, ctx.official.actor);
    if (resolved.kind === 'answer') return resolved.answer;
    itemId = resolved.item.id;
  }
  const rows = await listVersions(ctx.platform.db, ctx.official.actor, {
    status: 'submitted',
    limit: 200,
    ...(itemId !== undefined ? { itemId } : {}),
  });
  if (rows.length === 0) {
    return personal({ title: '待审核的绩效目标', markdown: '当前没有待审核的绩效目标。' });
  }
  const shown = rows.slice(0, 3);
  const lines = shown.map((v) => {
    const flags = v.quality.length > 0 ? `；质量提示 ${v.quality.length} 条` : '';
    const changed = v.changes ? '；重新报送（附与上次审核相比的变化）' : '';
    return `- #${v.id} **${md(targetName(v))}**（${md(v.orgUnit.name)}，第 ${v.version} 版，指标 ${v.content.indicators.length} 项${flags}${changed}）`;
  });
  const more =
    rows.length > shown.length ? `\n\n另有 ${rows.length - shown.length} 项，审核后再问“待审核的目标”。` : '';
  return personal({
    title: `待审核的绩效目标（${rows.length}）`,
    markdown: `${lines.join('\n')}${more}`,
    buttons: shown.flatMap((v) => [
      callbackButton(`通过 #${v.id}`, 'target_approve', { versionId: String(v.id) }),
      callbackButton(`退回 #${v.id}`, 'target_return', { versionId: String(v.id) }),
    ]),
  });
}

/** 事前评估结论 <项目>: the item's ex-ante assessments, the accepted conclusion first. */
async function exAnteAnswer(ctx: BotContext, query: string): Promise<Answer> {
  const resolved = await resolveItem(ctx, query, { purpose: 'item_status' });
  if (resolved.kind === 'answer') return resolved.answer;
  const item = resolved.item;
  ctx.memory.rememberItem(item);
  const rows = await listAssessments(ctx.platform.db, ctx.dataActor, { itemId: item.id, limit: 20 });
  if (rows.length === 0) {
    return data({
      title: `事前绩效评估：${item.name}`,
      markdown: `**${md(item.name)}**（${md(item.code)}）还没有事前绩效评估。`,
    });
  }
  const lines = rows.map((a) => {
    const conclusion = a.conclusion ? EX_ANTE_CONCLUSIONS.labels[a.conclusion] : '尚无结论';
    const by =
      a.assessor === 'third_party'
        ? `第三方机构${a.institution ? `（${md(a.institution.name)}）` : ''}`
        : '部门自评';
    const score = a.totalScore !== null ? `，${a.totalScore}分` : '';
    const review = a.reviewComment ? `；财政意见：${md(clip(a.reviewComment, 200))}` : '';
    const changes = a.requiredChanges.length > 0 ? `；须调整完善 ${a.requiredChanges.length} 项` : '';
    return `- ${by}：**${conclusion}**${score}（${a.statusLabel}${review}${changes}）`;
  });
  return data({
    title: `事前绩效评估：${item.name}`,
    markdown: `**${md(item.name)}**（${md(item.code)}）\n\n${lines.join('\n')}`,
  });
}

const PROGRESS =
  /^(?:我的|本部门|我们的)?(?:绩效)?目标(?:的)?审核(?:到哪了|到哪一步了|进度|情况|状态)$|^(?:绩效)?目标(?:审核)?到哪了$/u;
const RETURNED = /^(?:有)?哪些(?:绩效)?目标被?退回(?:了)?$|^被?退回的(?:绩效)?目标$/u;
const QUEUE = /^(?:有哪些)?待审核?的?(?:绩效)?目标$|^(?:绩效)?目标待审核$/u;
const QUEUE_OF = /^待审核?的?(?:绩效)?目标\s+(.+)$/u;
const EX_ANTE = /^事前(?:绩效)?评估(?:结论|结果|情况)?\s*(.*)$/u;
const ANSWER =
  /^答复(?:意见)?\s*#\s*(\d{1,9})\s*(?:指标)?[“"「]?([^：:”"」]{1,100}?)[”"」]?\s*[：:]\s*([\s\S]+)$/u;

/** The questions about targets and ex-ante assessments (typed text without punctuation). */
export async function targetCommand(ctx: BotContext, text: string): Promise<Answer | null> {
  const t = text.replace(/[?？。!！\s]+$/u, '').trim();
  const compact = t.replace(/\s+/g, '');
  if (PROGRESS.test(compact)) return progressAnswer(ctx);
  if (RETURNED.test(compact)) return returnedAnswer(ctx);
  if (QUEUE.test(compact)) return queueAnswer(ctx, '');
  const of = QUEUE_OF.exec(t);
  if (of) return queueAnswer(ctx, (of[1] ?? '').trim());
  const answer = ANSWER.exec(t);
  if (answer) {
    return (
      await prepareCommentAnswer(ctx, {
        versionId: Number(answer[1]),
        indicator: (answer[2] ?? '').trim(),
        answer: (answer[3] ?? '').trim(),
      })
    ).answer;
  }
  const ex = EX_ANTE.exec(t);
  if (ex) return exAnteAnswer(ctx, (ex[1] ?? '').replace(/^[:：的]/u, '').trim());
  return null;
}

const ask = (title: string, markdown: string): Prepared => ({
  pending: false,
  answer: personal({ title, markdown }),
});

/**
 * 通过 / 退回 a submitted target from chat (the buttons of 待审核的目标). A return asks for the
 * reason first; either way the reviewer confirms before anything is written. Approving marks
 * the four review criteria met, as the reviewer does with the button.
 */
export async function prepareTargetReview(
  ctx: BotContext,
  req: { versionId: number; decision: 'approve' | 'return'; reason?: string },
): Promise<Prepared> {
  if (!hasPermission(ctx.official.actor.roles, 'targets.review')) {
    return ask('无法审核', '只有财政部门的审核人员可以审核绩效目标。');
  }
  let v: TargetVersionRow;
  try {
    v = await getVersion(ctx.platform.db, ctx.official.actor, req.versionId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return ask('没有找到绩效目标', `绩效目标审核记录 #${req.versionId} 不存在或不在您的数据范围内。`);
    throw err;
  }
  if (v.status !== 'submitted') {
    return ask(
      '无法审核',
      `${md(targetName(v))}（#${v.id}）当前为“${statusText(v)}”，只能审核待审核的目标。`,
    );
  }
  const reason = clip((req.reason ?? '').trim(), 2000);
  if (req.decision === 'return' && Array.from(reason).length < 2) {
    ctx.memory.setAwaiting('target_return_reason', v.id);
    return ask(
      '请回复退回理由',
      `#${v.id} ${md(targetName(v))}（${md(v.orgUnit.name)}）\n\n请直接回复退回理由（哪些指标须怎样修改），我会请您确认后再退回；报送人将收到您的意见和待办。回复“取消”放弃。`,
    );
  }
  ctx.memory.clearAwaiting();
  const opinion = reason || '经审核，绩效目标指向明确、细化量化、合理可行、与预算相匹配，予以通过';
  const named =
    req.decision === 'return'
      ? v.content.indicators.map((i) => String(i.name)).filter((n) => n.length > 1 && opinion.includes(n))
      : [];
  const token = ctx.memory.createPending({
    kind: 'review_target',
    versionId: v.id,
    targetName: targetName(v),
    decision: req.decision,
    opinion,
    indicators: named,
  });
  const verb = req.decision === 'approve' ? '审核通过' : '退回';
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        `请确认${verb}`,
        `将${verb} #${v.id} ${md(targetName(v))}：`,
        [
          { label: '单位', value: v.orgUnit.name },
          { label: '版本', value: `第 ${v.version} 版，指标 ${v.content.indicators.length} 项` },
          ...(req.decision === 'approve'
            ? [
                {
                  label: '审核要点',
                  value: REVIEW_CRITERIA.values.map((c) => `${REVIEW_CRITERIA.labels[c]}：符合`).join('；'),
                },
              ]
            : []),
          { label: req.decision === 'approve' ? '审核意见' : '退回理由', value: opinion },
          ...(named.length > 0 ? [{ label: '涉及指标', value: named.join('、') }] : []),
        ],
        token,
      ),
    ),
  };
}

/**
 * 答复审核意见 in chat: "答复 #12 受益学生人数：已按新增学位数核定为1800人" shows the reviewer's
 * comment and the answer on a card; it is recorded only on 确认.
 */
async function prepareCommentAnswer(
  ctx: BotContext,
  req: { versionId: number; indicator: string; answer: string },
): Promise<Prepared> {
  if (!hasPermission(ctx.official.actor.roles, 'targets.write')) {
    return ask('无法答复', '只有报送绩效目标的部门和单位可以答复审核意见。');
  }
  let v: TargetVersionRow;
  try {
    v = await getVersion(ctx.platform.db, ctx.official.actor, req.versionId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return ask('没有找到绩效目标', `绩效目标审核记录 #${req.versionId} 不存在或不在您的数据范围内。`);
    throw err;
  }
  if (v.status !== 'returned') {
    return ask(
      '无法答复',
      `#${v.id} ${md(targetName(v))}当前为“${statusText(v)}”，只能答复被退回的目标的意见。`,
    );
  }
  const comment = v.comments.find((c) => c.indicator === req.indicator);
  if (!comment) {
    const names = v.comments.map((c) => `“${md(c.indicator)}”`).join('、');
    return ask(
      '没有这条意见',
      `#${v.id} 的审核意见中没有针对“${md(req.indicator)}”的意见${names ? `；有意见的指标：${names}` : ''}。`,
    );
  }
  const answer = clip(req.answer, 1000);
  if (Array.from(answer).length < 2) return ask('请写明答复', '答复至少2个字。');
  const token = ctx.memory.createPending({
    kind: 'answer_comment',
    versionId: v.id,
    targetName: targetName(v),
    indicator: comment.indicator,
    answer,
  });
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        '请确认答复审核意见',
        `将答复 #${v.id} ${md(targetName(v))}中对指标“${md(comment.indicator)}”的意见：`,
        [
          { label: '审核意见', value: comment.comment },
          ...(comment.answer ? [{ label: '原答复', value: comment.answer }] : []),
          { label: '答复', value: answer },
        ],
        token,
      ),
    ),
  };
}
