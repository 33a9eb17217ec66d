import {
  checkSelfEvaluation,
  InputError,
  type SelfEvaluationLine,
  type SelfEvaluationScheme,
} from '@jixiao/core';
import type { Platform } from '@jixiao/db';
import type { SelfEvaluationEntry } from '@jixiao/db/self-evaluations';
import { DEFAULT_WORKBOOK_LIMITS, readSelfEvaluationWorkbook } from '@jixiao/forms';
import { bodyLimit } from 'hono/body-limit';
import type { App } from './env.ts';
import { errorResponse } from './errors.ts';

/** Bounds an XLSX upload route's body before it is parsed. */
export function limitWorkbookUpload(app: App, path: string): void {
  app.use(
    path,
    bodyLimit({
      maxSize: DEFAULT_WORKBOOK_LIMITS.maxBytes + 64 * 1024,
      onError: (c) =>
        errorResponse(
          c,
          'payload_too_large',
          `字段 file：文件超过${DEFAULT_WORKBOOK_LIMITS.maxBytes / 1024 / 1024}MB`,
        ),
    }),
  );
}

/** The uploaded file of a multipart form, or a named 400. */
export async function uploadedFile(form: Record<string, unknown>): Promise<Buffer> {
  const file = form.file;
  if (!(file instanceof File)) {
    throw new InputError('字段 file：请以 multipart/form-data 上传自评表', [
      { path: 'file', message: '缺少文件' },
    ]);
  }
  return Buffer.from(await file.arrayBuffer());
}

/**
 * Reads a filled-in 自评表 (项目 or 部门整体) against the stored self-evaluation: the indicators and
 * their targets must be the stored ones, and the table must pass the check by the scheme (EV-12);
 * every problem is named by sheet and row and nothing is written. Returns the entry to record.
 */
export async function entryFromWorkbook(
  platform: Platform,
  file: Buffer,
  stored: { lines: readonly SelfEvaluationLine[] },
  scheme: SelfEvaluationScheme,
  sheet: string,
  subject: string,
): Promise<SelfEvaluationEntry> {
  const imported = await readSelfEvaluationWorkbook(file, DEFAULT_WORKBOOK_LIMITS, sheet);
  const at = (row: number | null) =>
    `工作表“${sheet}”第${row === null ? '' : row === -1 ? imported.budgetRow : (imported.indicatorRows[row] ?? '?')}行`;
  const issues: Array<{ path: string; message: string }> = [];
  if (imported.table.indicators.length !== stored.lines.length) {
    issues.push({
      path: at(null),
      message: `自评表有${imported.table.indicators.length}项指标，系统中该${subject}有${stored.lines.length}项，请使用导出的自评表填写`,
    });
  }
  imported.table.indicators.forEach((ind, i) => {
    const line = stored.lines[i];
    if (line && (ind.name !== line.name || (ind.target ?? null) !== (line.target ?? null))) {
      issues.push({
        path: at(i),
        message: `指标“${ind.name}”（${ind.target ?? '—'}）与系统中第${i + 1}项“${line.name}”（${line.target ?? '—'}）不一致，指标和年度指标值不可改动`,
      });
    }
  });
  const check = checkSelfEvaluation(imported.table, scheme, platform.config);
  for (const p of check.problems) {
    if (p.code !== 'missing_actual') issues.push({ path: at(p.row), message: p.message });
  }
  if (issues.length > 0) {
    const first = issues.slice(0, 3).map((i) => `${i.path}：${i.message}`);
    throw new InputError(
      `自评表有误，未导入：${first.join('；')}${issues.length > 3 ? `等${issues.length}处问题` : ''}`,
      issues,
    );
  }
  return {
    lines: imported.table.indicators.map((ind, i) => ({
      row: i,
      actual: ind.actual ?? null,
      deviationReason: imported.deviationReasons[i] ?? null,
    })),
    ...(imported.measures !== null ? { measures: imported.measures } : {}),
  };
}
