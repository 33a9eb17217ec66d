import { formatWanYuan } from '@jixiao/core';
import type { Actor, Platform } from '@jixiao/db';
import { getSelfEvaluation, scoredColumns } from '@jixiao/db/self-evaluations';
import { html } from 'hono/html';
import { fields, type Html, page } from './layout.ts';

const num = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : String(Math.round(x * 100) / 100);

/**
 * 项目支出绩效自评表 as a page: the budget row and every indicator with its target, actual value,
 * score and deviation reason, and the problems the check found — for whoever may read the
 * self-evaluation (its department, the bureau, an expert assigned to re-score it).
 */
export async function selfEvaluationPage(
  platform: Platform,
  actor: Actor,
  _links: unknown,
  id: number,
): Promise<Html> {
  const se = await getSelfEvaluation(platform.db, actor, id);
  const check = scoredColumns(platform, se).check;
  const problemsOf = (row: number) => se.problems.filter((p) => p.row === row).map((p) => p.message);
  const budgetProblems = problemsOf(-1);
  const general = se.problems.filter((p) => p.row === null).map((p) => p.message);
  return page(
    `${se.item.name} ${se.fiscalYear}年度绩效自评`,
    actor.name,
    html`<h1>${se.item.name}</h1>
<section>${fields([
      ['项目编码', se.item.code],
      ['单位', se.orgUnit.name],
      ['评价年度', `${se.fiscalYear}年度`],
      ['状态', se.statusLabel],
      ['自评得分', se.score === null ? '—' : `${num(se.score)}分（${se.grade?.label ?? '—'}）`],
      [
        '最终得分',
        se.finalScore === null ? null : `${num(se.finalScore)}分（${se.finalGrade?.label ?? '—'}）`,
      ],
    ])}</section>
<h2>预算执行</h2>
<section>${fields([
      ['年初预算数', formatWanYuan(se.budget.initialFen)],
      ['全年预算数', formatWanYuan(se.budget.adjustedFen)],
      ['全年执行数', formatWanYuan(se.budget.executedFen)],
      ['执行率', check.budget.rate === null ? '—' : `${num(check.budget.rate * 100)}%`],
      ['得分', num(check.budget.score)],
      ['问题', budgetProblems.join('；')],
    ])}</section>
<h2>绩效指标</h2>
<section><table><thead><tr><th scope="col">指标</th><th scope="col">年度指标值</th><th scope="col">实际完成值</th><th scope="col">分值</th><th scope="col">得分</th><th scope="col">偏差原因及问题</th></tr></thead><tbody>${se.lines.map(
      (l, i) =>
        html`<tr><td>${l.level1}·${l.name}</td><td>${l.target ?? '—'}</td><td>${l.actual ?? '未填'}</td><td>${num(l.weight)}</td><td>${num(
          check.indicators[i]?.score,
        )}</td><td>${[l.deviationReason, ...problemsOf(i)].filter(Boolean).join('；')}</td></tr>`,
    )}<tr><td>总分</td><td></td><td></td><td></td><td>${num(check.total)}</td><td>${check.grade?.label ?? ''}</td></tr></tbody></table></section>
<h2>改进措施</h2>
<section>${se.measures ? html`<p>${se.measures}</p>` : html`<p class="muted">未填写。</p>`}</section>
${general.length ? html`<h2>自评表核算问题</h2><section><ul>${general.map((m) => html`<li>${m}</li>`)}</ul></section>` : ''}`,
  );
}
