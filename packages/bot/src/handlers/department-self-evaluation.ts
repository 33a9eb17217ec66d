import { ratioBp } from '@jixiao/core';
import {
  type DepartmentSelfEvaluationRow,
  listDepartmentSelfEvaluations,
} from '@jixiao/db/department-self-evaluations';
import { type Answer, type BotContext, data } from '../context.ts';
import { currentYear } from '../progress.ts';
import { formatBp, formatWanYuan, LIST_CAP, md, moreLine } from '../render/format.ts';

function line(s: DepartmentSelfEvaluationRow): string {
  const accepted = s.status === 'accepted';
  const score = accepted ? s.finalScore : s.score;
  const grade = accepted ? s.finalGrade : s.grade;
  const b = s.budget;
  const rate = b.adjustedFen > 0 ? formatBp(ratioBp(b.executedFen, b.adjustedFen)) : '—';
  const filled = s.lines.filter((l) => l.actual !== null && l.actual.trim() !== '').length;
  const scored =
    score === null
      ? `尚不能计分（已填 ${filled}/${s.lines.length} 项）`
      : `${accepted ? '最终' : '当前'}得分 **${score}** 分，等级 **${grade?.label ?? '—'}**`;
  const problems = s.problems.filter((p) => p.code !== 'missing_actual').length;
  return `- **${md(s.department.name)}** ${s.fiscalYear}年度：${s.statusLabel}；${scored}；全年预算 ${formatWanYuan(b.adjustedFen)}，执行 ${formatWanYuan(b.executedFen)}（${rate}）${problems > 0 ? `；表中问题 ${problems} 处` : ''}${s.status === 'returned' && s.returnComment ? `；退回意见：${md(s.returnComment)}` : ''}`;
}

/**
 * 本部门整体自评 (DW-4): the status and score of the department-wide self-evaluations in the
 * asker's scope, of the year being self-evaluated and of this year. Reading only; filling it in
 * is done in the system or by importing the 部门整体支出绩效自评表.
 */
export async function departmentSelfEvaluationAnswer(ctx: BotContext): Promise<Answer> {
  const year = currentYear(ctx);
  const rows = (
    await Promise.all(
      [year - 1, year].map((fiscalYear) =>
        listDepartmentSelfEvaluations(ctx.platform.db, ctx.dataActor, { fiscalYear, limit: LIST_CAP + 1 }),
      ),
    )
  ).flat();
  if (rows.length === 0) {
    return data({
      title: '部门整体支出绩效自评',
      markdown: `${year - 1}、${year}年度还没有准备部门整体支出绩效自评。部门整体绩效目标审核通过后，可在系统中准备自评，或导出《部门整体支出绩效自评表》填写后导入。`,
    });
  }
  const shown = rows.slice(0, LIST_CAP);
  return data({
    title: '部门整体支出绩效自评',
    markdown: `${shown.map(line).join('\n')}${moreLine(shown.length, rows.length, '份')}`,
  });
}
