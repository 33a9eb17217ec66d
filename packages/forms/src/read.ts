import { Readable } from 'node:stream';
import { InputError } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { guardWorkbookFile } from './guard.ts';
import { DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits } from './limits.ts';
import { unneutralise } from './text.ts';

/** One sheet as text: `rows[r][c]` is row r+1, column c+1 (empty string for an empty cell). */
export interface SheetText {
  name: string;
  rows: string[][];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unneutralise(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return '';
}

// exceljs' typings omit the sheet name its streaming reader sets.
const sheetName = (sheet: unknown) => (sheet as { name: string }).name;

/**
 * Reads an uploaded .xlsx as text, sheet by sheet, with exceljs' streaming reader so a large
 * workbook never sits in memory as a whole. The file is checked first (`guardWorkbookFile`), and
 * a sheet longer than `maxRowsPerSheet` is refused as soon as it is.
 */
export async function readWorkbook(
  file: Buffer,
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): Promise<SheetText[]> {
  await guardWorkbookFile(file, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const sheets: SheetText[] = [];
  try {
    for await (const sheet of reader) {
      const rows: string[][] = [];
      for await (const row of sheet) {
        if (row.number > limits.maxRowsPerSheet) {
          throw new InputError(`工作表“${sheetName(sheet)}”超过${limits.maxRowsPerSheet}行，请分批导入`, [
            { path: `工作表“${sheetName(sheet)}”`, message: `超过${limits.maxRowsPerSheet}行` },
          ]);
        }
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        rows[row.number - 1] = Array.from(values, (v) => cellText(v as ExcelJS.CellValue).trim());
      }
      sheets.push({ name: sheetName(sheet), rows: Array.from(rows, (r) => r ?? []) });
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    // exceljs' streaming reader parks worksheets that come before the shared strings (as in
    // workbooks exceljs itself writes) in temporary files, and has been seen to fail there now and
    // then under load. A small file (already checked) is read once more in memory; a large one is
    // refused rather than loaded whole.
    if (file.length > IN_MEMORY_RETRY_MAX_BYTES) {
      throw new InputError('工作簿内容无法读取，可能已损坏', [{ path: 'file', message: '内容无法读取' }]);
    }
    return readInMemory(file, limits);
  }
  return sheets;
}

/** Largest file read again in memory when the streaming reader fails (a 5,000-line form is ~0.3 MB). */
const IN_MEMORY_RETRY_MAX_BYTES = 2 * 1024 * 1024;

async function readInMemory(file: Buffer, limits: WorkbookLimits): Promise<SheetText[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new InputError('工作簿内容无法读取，可能已损坏', [{ path: 'file', message: '内容无法读取' }]);
  }
  return wb.worksheets.map((ws) => {
    if (ws.rowCount > limits.maxRowsPerSheet) {
      throw new InputError(`工作表“${ws.name}”超过${limits.maxRowsPerSheet}行，请分批导入`, [
        { path: `工作表“${ws.name}”`, message: `超过${limits.maxRowsPerSheet}行` },
      ]);
    }
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows[number - 1] = Array.from(values, (v) => cellText(v as ExcelJS.CellValue).trim());
    });
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}
