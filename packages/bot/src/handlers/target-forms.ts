import { InputError } from '@jixiao/core';
import { departmentTargetFormOf, projectTargetFormOf } from '@jixiao/db/target-reviews';
import { departmentTargetWorkbook, projectTargetWorkbook } from '@jixiao/forms';
import { type Answer, type BotContext, data } from '../context.ts';
import { md } from '../render/format.ts';
import { resolveItem } from '../resolve-item.ts';
import { departmentId } from './control-numbers.ts';

/** 导出本部门目标申报表 / 导出部门整体目标申报表 [2026年]. */
const DEPARTMENT =
  /^导出(?:本部门|我部门|本单位|部门整体)(?:整体)?(?:支出)?(?:绩效)?目标申报表(?:[（(]?(\d{4})年?(?:度)?[）)]?)?$/u;
/** 导出目标申报表 JDZ-2026-0012 / 导出市一中教学楼改造的目标申报表 [2026年]. */
const ITEM_AFTER = /^导出(?:项目)?(?:支出)?(?:绩效)?目标申报表[:：\s]*(.+?)(?:\s*(\d{4})年度?)?$/u;
const ITEM_BEFORE = /^导出(.+?)的?(?:项目)?(?:支出)?(?:绩效)?目标申报表(?:[（(]?(\d{4})年?(?:度)?[）)]?)?$/u;

const base64 = (bytes: Buffer) => bytes.toString('base64');

/**
 * 导出目标申报表: the 项目支出 or 部门整体支出绩效目标申报表 as an XLSX file in the chat, read in
 * the asker's data scope (a bound group narrows it), the same workbook the API exports and the
 * import reads back. Null when the text is not such a request.
 */
export async function targetFormCommand(ctx: BotContext, text: string): Promise<Answer[] | null> {
  const t = text.replace(/[?？。!！]+$/u, '').trim();
  const dept = DEPARTMENT.exec(t.replace(/\s+/g, ''));
  if (dept) return departmentForm(ctx, dept[1] ? Number(dept[1]) : Number(ctx.today.slice(0, 4)));
  const m = ITEM_AFTER.exec(t) ?? ITEM_BEFORE.exec(t);
  if (!m) return null;
  return itemForm(ctx, (m[1] ?? '').trim(), m[2] ? Number(m[2]) : undefined);
}

async function itemForm(ctx: BotContext, query: string, year: number | undefined): Promise<Answer[]> {
  const resolved = await resolveItem(ctx, query, { purpose: 'target_form' });
  if (resolved.kind === 'answer') return [resolved.answer];
  const item = resolved.item;
  ctx.memory.rememberItem(item);
  const fiscalYear = year ?? item.currentFiscalYear;
  if (fiscalYear < item.fiscalYearStart || fiscalYear > item.fiscalYearEnd) {
    return [
      data({
        title: '无法导出申报表',
        markdown: `${fiscalYear}年不在**${md(item.name)}**的实施期（${item.fiscalYearStart}–${item.fiscalYearEnd}年）内。`,
      }),
    ];
  }
  const form = await projectTargetFormOf(ctx.platform.db, item, fiscalYear);
  const fileName = `${item.code}-项目支出绩效目标申报表（${fiscalYear}年度）.xlsx`;
  const state =
    form.indicators.length === 0
      ? '尚未填报绩效目标，表中只有项目信息，可填好后发回导入。'
      : `含 ${form.indicators.length} 项绩效指标；修改后可在系统中导入报送。`;
  return fileAnswers(
    `项目支出绩效目标申报表：${item.name}`,
    `**${md(item.name)}**（${md(item.code)}）${fiscalYear}年度绩效目标申报表，${state}`,
    fileName,
    await projectTargetWorkbook(form),
  );
}

async function departmentForm(ctx: BotContext, fiscalYear: number): Promise<Answer[]> {
  const orgUnitId = departmentId(ctx.official.departmentPath);
  let form: Awaited<ReturnType<typeof departmentTargetFormOf>>;
  try {
    form = await departmentTargetFormOf(ctx.platform.db, ctx.dataActor, orgUnitId, fiscalYear);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return [
      data({
        title: '无法导出申报表',
        markdown: `${md(ctx.official.departmentName)}不是您（或本群）数据范围内的主管部门，不能导出其部门整体支出绩效目标申报表。`,
      }),
    ];
  }
  const fileName = `${form.department}-部门整体支出绩效目标申报表（${fiscalYear}年度）.xlsx`;
  const state =
    form.indicators.length === 0 ? '尚未填报，表中只有表头。' : `含 ${form.indicators.length} 项绩效指标。`;
  return fileAnswers(
    `部门整体支出绩效目标申报表：${form.department}`,
    `**${md(form.department)}**${fiscalYear}年度部门整体支出绩效目标申报表，${state}`,
    fileName,
    await departmentTargetWorkbook(form),
  );
}

/** The answer's text, then the file itself (a separate message in DingTalk). */
function fileAnswers(title: string, markdown: string, fileName: string, bytes: Buffer): Answer[] {
  return [
    data({ title, markdown: `${markdown}\n\n文件见下一条消息：${md(fileName)}` }),
    data({ title: fileName, markdown: `${md(fileName)}`, file: { fileName, base64: base64(bytes) } }),
  ];
}
