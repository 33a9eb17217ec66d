import { type FieldIssue, InputError } from '@jixiao/core';

/** Excel's column letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Where in a workbook a problem is: a sheet, and a row and column when there is one (1-based). */
export interface CellPlace {
  sheet: string;
  row?: number;
  column?: number;
}

function describePlace(place: CellPlace): string {
  const at = [`工作表“${place.sheet}”`];
  if (place.row !== undefined) at.push(`第${place.row}行`);
  if (place.column !== undefined) at.push(`${columnLetter(place.column)}列`);
  return at.join('');
}

/**
 * Collects every problem of a workbook before anything is written, so the officer sees all of
 * them at once; `throwIfAny` refuses the whole workbook when there is one.
 */
export class WorkbookProblems {
  readonly issues: FieldIssue[] = [];

  add(place: CellPlace, message: string): void {
    this.issues.push({ path: describePlace(place), message });
  }

  get count(): number {
    return this.issues.length;
  }

  throwIfAny(): void {
    if (this.issues.length === 0) return;
    const first = this.issues.slice(0, 3).map((i) => `${i.path}：${i.message}`);
    const more = this.issues.length > 3 ? `等${this.issues.length}处问题` : '';
    throw new InputError(`工作簿有误，未导入任何数据：${first.join('；')}${more}`, this.issues);
  }
}
