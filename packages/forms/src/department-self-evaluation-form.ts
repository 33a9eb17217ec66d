import { type SelfEvaluationFormInput, writeSelfEvaluationWorkbook } from './self-evaluation-form.ts';

/** The sheet of the 部门整体支出绩效自评表 (forms.md §3b). */
export const DEPARTMENT_SELF_EVALUATION_SHEET = '部门整体支出绩效自评表';

export interface DepartmentSelfEvaluationFormInput
  extends Pick<SelfEvaluationFormInput, 'fiscalYear' | 'budget' | 'lines' | 'measures' | 'total'> {
  department: string;
  /** 部门编码 (the org unit's code). */
  departmentCode: string;
  /** The department's items of the year: 年度主要任务 with 全年预算数 and 全年执行数. */
  tasks: ReadonlyArray<{ name: string; adjustedFen: number; executedFen: number }>;
}

/**
 * 部门整体支出绩效自评表 (forms.md §3b, DW-4): no central template exists, so it is the 项目 table
 * (§3a) with 部门（单位）名称 in place of 项目名称, the department's budget totals, and a 年度主要任务
 * block (任务名称, 全年预算数, 全年执行数); the indicators are the department-wide target's, under
 * its dimensions. Read back by `readSelfEvaluationWorkbook` with this sheet's name.
 */
export function departmentSelfEvaluationWorkbook(input: DepartmentSelfEvaluationFormInput): Promise<Buffer> {
  return writeSelfEvaluationWorkbook(input, {
    sheet: DEPARTMENT_SELF_EVALUATION_SHEET,
    title: `部门整体支出绩效自评表（${input.fiscalYear}年度）`,
    subject: [['部门（单位）名称', input.department, '部门编码', input.departmentCode]],
    fundingHead: '部门资金（万元）',
    fundingRow: '部门预算资金总额',
    tasks: input.tasks,
  });
}
