import { NotFoundError, QUALITATIVE_STATUSES, REVIEW_CRITERIA } from '@jixiao/core';
import { attachFile, DEFAULT_ATTACHMENT_LIMITS } from '@jixiao/db/attachments';
import { bindGroup, unbindGroup } from '@jixiao/db/chat';
import { saveLineScores } from '@jixiao/db/evaluations';
import { reportIndicator } from '@jixiao/db/execution';
import { acknowledgeWarning } from '@jixiao/db/monitoring';
import { acknowledgeNotice } from '@jixiao/db/notices';
import { createTask, reviewTask, submitTask } from '@jixiao/db/rectification';
import { reviewSpotCheckEntry } from '@jixiao/db/spot-checks';
import { answerTargetComment, reviewTarget } from '@jixiao/db/target-reviews';
import { type Answer, type BotContext, neutral, personal } from '../context.ts';
import { describePending, PENDING_TTL_MS, type PendingAction } from '../pending.ts';
import { callbackButton, commandButton, formatNumber, md } from '../render/format.ts';
import { digestDone } from './digest.ts';
import { submitSelfEvaluationFromChat } from './self-evaluation.ts';

async function execute(ctx: BotContext, action: PendingAction, via: 'button' | 'reply'): Promise<Answer> {
  const { platform } = ctx;
  const actor = ctx.official.actor;
  switch (action.kind) {
    case 'report_indicator': {
      await reportIndicator(platform, actor, action.itemId, {
        indicatorId: action.indicatorId,
        reportedOn: ctx.today,
        ...(action.actualValue !== undefined ? { actualValue: action.actualValue } : {}),
        ...(action.qualitativeStatus !== undefined ? { qualitativeStatus: action.qualitativeStatus } : {}),
      });
      // The report marked the item: have it judged now rather than at the worker's next poll.
      platform.onWritten?.();
      const value =
        action.qualitativeStatus !== undefined
          ? QUALITATIVE_STATUSES.labels[action.qualitativeStatus]
          : `${formatNumber(action.actualValue ?? 0)}${action.unit}`;
      return personal({
        title: '已填报',
        markdown: `已填报 **${md(action.itemName)}**（${md(action.itemCode)}）的“${md(action.indicatorName)}”：${md(value)}（目标 ${md(action.target)}，${ctx.today}）。`,
        buttons: [commandButton('查看指标', `${action.itemCode} 的指标`)],
      });
    }
    case 'submit_rectification': {
      const task = await submitTask(platform, actor, action.taskId, { submission: action.submission });
      return personal({
        title: '已提交整改',
        markdown: `已提交整改任务 #${task.id}（${md(task.item.name)}），等待财政部门验收。`,
        buttons: [commandButton('我的整改任务', '我的整改任务')],
      });
    }
    case 'create_task': {
      const task = await createTask(platform, actor, {
        warningId: action.warningId,
        assigneeUserId: action.assigneeUserId,
        deadline: action.deadline,
        requirement: action.requirement,
      });
      return personal({
        title: '已下达整改',
        markdown: `已下达整改任务 #${task.id}：**${md(task.item.name)}**，责任人 ${md(task.assignee.name)}，期限 ${task.deadline}。责任人将收到通知和待办。`,
        buttons: [commandButton('整改任务', '整改任务')],
      });
    }
    case 'explain_warning': {
      const w = await acknowledgeWarning(platform, actor, action.warningId, action.explanation);
      try {
        await acknowledgeNotice(platform, actor, { subject: `warning:${w.id}`, via });
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      return personal({
        title: '已签收并说明',
        markdown: `已签收预警 #${w.id}（${md(w.item.name)}），并记录说明：\n\n${md(action.explanation)}`,
        buttons: [commandButton('查看预警', `预警#${w.id}是怎么回事`)],
      });
    }
    case 'digest':
      return digestDone(ctx, action.subscribe);
    case 'submit_self_evaluation':
      return submitSelfEvaluationFromChat(ctx, action);
    case 'bind_group': {
      const bound = await bindGroup(platform, actor, {
        conversationId: action.conversationId,
        title: action.title,
        orgUnitId: action.orgUnitId,
      });
      return neutral(boundReply(bound.org.name));
    }
    case 'unbind_group': {
      const removed = await unbindGroup(platform, actor, action.conversationId);
      return neutral({
        title: '解除绑定',
        markdown: removed
          ? '本群已解除部门绑定。此后数据类问题将私信回复提问人。'
          : '本群尚未绑定部门，无需解绑。',
      });
    }
    case 'attach_file': {
      if (!ctx.files) return personal({ title: '无法保存附件', markdown: '当前渠道不支持接收文件。' });
      let bytes: Uint8Array;
      try {
        bytes = await ctx.files.download(action.downloadCode, DEFAULT_ATTACHMENT_LIMITS.maxBytes);
      } catch {
        return personal({
          title: '文件已失效',
          markdown: `没能取回文件“${md(action.fileName)}”（钉钉的文件链接可能已过期或文件过大），请重新发送。没有保存任何内容。`,
        });
      }
      const a = await attachFile(
        platform,
        actor,
        { itemId: action.itemId, purpose: 'target_material', fileName: action.fileName, bytes },
        DEFAULT_ATTACHMENT_LIMITS,
      );
      return personal({
        title: '已保存附件',
        markdown: `已把“${md(a.fileName)}”保存为 **${md(action.itemName)}** 的附件（${Math.max(1, Math.round(a.size / 1024))} KB，SHA-256 ${a.sha256.slice(0, 12)}…）。`,
      });
    }
    case 'answer_comment': {
      await answerTargetComment(platform, actor, action.versionId, {
        indicator: action.indicator,
        answer: action.answer,
      });
      return personal({
        title: '已答复',
        markdown: `已答复 #${action.versionId} ${md(action.targetName)}中对“${md(action.indicator)}”的意见。修改完成后请重新报送（可导出申报表修改后导入）。`,
        buttons: [commandButton('哪些目标被退回', '哪些目标被退回')],
      });
    }
    case 'review_target': {
      const v = await reviewTarget(platform, actor, action.versionId, action.decision, {
        criteria:
          action.decision === 'approve'
            ? Object.fromEntries(REVIEW_CRITERIA.values.map((c) => [c, { met: true }]))
            : {},
        comments: action.indicators.map((indicator) => ({ indicator, comment: action.opinion })),
        opinion: action.opinion,
      });
      return personal({
        title: action.decision === 'approve' ? '已审核通过' : '已退回',
        markdown:
          action.decision === 'approve'
            ? `已审核通过 #${v.id} ${md(action.targetName)}。`
            : `已退回 #${v.id} ${md(action.targetName)}：${md(action.opinion)}。报送人将收到您的意见和待办。`,
        buttons: [commandButton('待审核的目标', '待审核的目标')],
      });
    }
    case 'review_task': {
      const task = await reviewTask(platform, actor, action.taskId, {
        decision: action.decision,
        comment: action.comment,
      });
      const done = action.decision === 'accept' ? '验收通过' : '退回';
      return personal({
        title: `已${done}`,
        markdown: `已${done}整改任务 #${task.id}（${md(task.item.name)}）：${md(action.comment)}。责任人将收到通知${action.decision === 'accept' ? '，待办已完成' : '，请其重新整改'}。`,
        buttons: [commandButton('整改任务', '整改任务')],
      });
    }
    case 'evaluation_scores': {
      const saved = await saveLineScores(platform, actor, action.evaluationId, {
        scores: action.scores.map(({ lineKey, score }) => ({ lineKey, score })),
        submit: action.submit,
      });
      return personal({
        title: action.submit ? '已提交评分' : '已保存评分',
        markdown: action.submit
          ? `已提交您对“${md(action.title)}”的评分，不能再修改。`
          : `已保存 ${action.scores.length} 项评分（共打分 ${saved.scored} 项，还有 ${saved.remaining.length} 项未打分）。${
              saved.remaining.length === 0 ? `已全部打分，发送“提交评分 ${action.evaluationId}”提交。` : ''
            }`,
        buttons: [commandButton('查看评分', `评分 ${action.evaluationId}`)],
      });
    }
    case 'spot_check_review': {
      const e = await reviewSpotCheckEntry(platform, actor, action.spotCheckId, action.entryId, {
        score: action.score,
        note: action.note,
      });
      return personal({
        title: '已提交复核',
        markdown: e.distorted
          ? `已提交对“${md(action.itemName)}”自评的复核：${e.reviewScore}分（${e.reviewGrade?.label ?? '—'}），认定**失真**：${md(e.reasons.join('；'))}。已通知部门并下达整改。`
          : `已提交对“${md(action.itemName)}”自评的复核：${e.reviewScore}分（${e.reviewGrade?.label ?? '—'}），与自评相符。已通知部门。`,
      });
    }
  }
}

/** 确认 (typed, or the button with its token): runs the pending write as the asker, once. */
export async function confirmAnswer(ctx: BotContext, token?: string): Promise<Answer> {
  const found = ctx.memory.pending(token);
  if (found.status === 'expired') {
    if (token === undefined) ctx.memory.clearPending();
    return personal({
      title: '操作已失效',
      markdown: '这项操作已过期或已处理，没有执行。如仍需办理，请重新发起。',
    });
  }
  if (found.status === 'none') {
    return personal({
      title: '没有待确认的操作',
      markdown: '当前没有需要您确认的操作。需要帮助请回复“帮助”。',
    });
  }
  ctx.memory.clearPending();
  return execute(ctx, found.action, token === undefined ? 'reply' : 'button');
}

/** What "本群已绑定" says, after the card was confirmed or the department's button pressed. */
export function boundReply(orgName: string) {
  return {
    title: '本群已绑定部门',
    markdown: `本群已绑定 **${md(orgName)}**。\n\n此后在本群提问，只显示该部门的数据；整改任务、待确认操作等个人事项将私信回复提问人。`,
  };
}

/**
 * A card is waiting and the message only looks like consent ("好的，辛苦了", "收到", "谢谢"): the
 * card stays, nothing is written, and the user is told how to confirm. Null when nothing waits.
 */
export function pendingReminder(ctx: BotContext): Answer | null {
  const found = ctx.memory.pending();
  if (found.status !== 'ok') return null;
  const minutes = Math.round(PENDING_TTL_MS / 60_000);
  return personal({
    title: '还有一项待确认的操作',
    markdown: `您还有一项待确认的操作：${md(describePending(found.action))}。\n\n这条消息不会办理它。请点击“确认”或回复“确认”办理，回复“取消”放弃（发起后 ${minutes} 分钟内有效）。`,
    buttons: [
      callbackButton('确认', 'confirm', { token: found.token }),
      callbackButton('取消', 'cancel', { token: found.token }),
    ],
  });
}

/** "好的", "行", "嗯" with nothing waiting: nothing to do. */
export function assentAnswer(): Answer {
  return neutral({
    title: '好的',
    markdown: '好的。当前没有需要您确认的操作；需要查询什么可以直接说，或回复“帮助”查看用法。',
  });
}

/** 取消: drops the pending write (and any reply the bot was waiting for). */
export function cancelAnswer(ctx: BotContext, token?: string): Answer {
  const found = ctx.memory.pending(token);
  const awaiting = ctx.memory.awaiting;
  ctx.memory.clearAwaiting();
  if (found.status === 'ok') {
    ctx.memory.clearPending();
    return personal({ title: '已取消', markdown: '已取消，没有做任何修改。' });
  }
  if (token === undefined) ctx.memory.clearPending();
  return personal({
    title: '已取消',
    markdown: awaiting ? '好的，已取消。' : '当前没有待确认的操作，没有做任何修改。',
  });
}
