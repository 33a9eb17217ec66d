import { chinaDateTime, RECTIFICATION_STATUS_LABELS } from '@jixiao/core';
import type { Actor, Platform } from '@jixiao/db';
import { listAttachments } from '@jixiao/db/attachments';
import { entityHistory } from '@jixiao/db/audit';
import { getWarning } from '@jixiao/db/monitoring';
import { getTask } from '@jixiao/db/rectification';
import { html } from 'hono/html';
import type { LinkSigner } from '../signed-links.ts';
import { fields, type Html, page } from './layout.ts';

const ACTIONS: Readonly<Record<string, string>> = {
  'rectification.create': '下达整改',
  'rectification.submit': '提交整改',
  'rectification.accept': '验收通过',
  'rectification.return': '退回重新整改',
  'rectification.cancel': '撤销',
};

const when = (d: Date | null) => (d ? chinaDateTime(d) : null);

/** 整改任务 as its assignee or reviewer sees it: the requirement, where it stands, its history and evidence. */
export async function taskPage(
  platform: Platform,
  actor: Actor,
  links: LinkSigner,
  id: number,
): Promise<Html> {
  const task = await getTask(platform.db, actor, id);
  const u = actor.userId ?? 0;
  const warning =
    task.warningId === null ? null : await getWarning(platform.db, actor, task.warningId).catch(() => null);
  const evidence = await listAttachments(platform.db, actor, {
    itemId: task.item.id,
    purpose: 'rectification_evidence',
  });
  const history = await entityHistory(platform.db, 'rectification_task', task.id);
  return page(
    `整改任务 #${task.id}`,
    actor.name,
    html`<h1>整改任务 #${task.id}：${task.item.name}</h1>
<section>${fields([
      ['状态', html`<span class="badge">${RECTIFICATION_STATUS_LABELS[task.status]}</span>`],
      [
        '项目',
        html`<a href="${links.sign(u, `/view/items/${task.item.id}`)}">${task.item.name}（${task.item.code}）</a>`,
      ],
      ['单位', task.orgUnit.name],
      ['整改要求', task.requirement],
      ['整改期限', task.deadline],
      ['责任人', task.assignee.name],
      ['轮次', task.round > 1 ? `第 ${task.round} 轮` : null],
      [
        '来源预警',
        warning
          ? html`<a href="${links.sign(u, `/view/warnings/${warning.id}`)}">【${warning.severityLabel}】${warning.message}</a>`
          : null,
      ],
      ['整改情况', task.submission],
      ['提交时间', when(task.submittedAt)],
      ['验收意见', task.reviewComment],
    ])}</section>
<h2>佐证材料</h2>
<section>${
      evidence.length
        ? html`<table><thead><tr><th scope="col">文件</th><th scope="col">大小</th><th scope="col">上传</th></tr></thead><tbody>${evidence.map(
            (a) =>
              html`<tr><td><a href="${links.sign(u, `/view/attachments/${a.id}`)}">${a.fileName}</a></td><td>${Math.ceil(a.size / 1024)} KB</td><td>${a.uploadedBy?.name ?? ''} ${when(a.uploadedAt)}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted">尚无上传的材料。</p>`
    }</section>
<h2>办理经过</h2>
<section><table><thead><tr><th scope="col">时间</th><th scope="col">办理人</th><th scope="col">事项</th></tr></thead><tbody>${history.map(
      (h) =>
        html`<tr><td>${when(h.at)}</td><td>${h.actorName}</td><td>${ACTIONS[h.action] ?? h.action}</td></tr>`,
    )}</tbody></table></section>`,
  );
}
