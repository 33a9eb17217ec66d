import { createRoute, z } from '@hono/zod-openapi';
import { departmentTargetIssues, fiscalYearSchema, InputError, idSchema, optionalText } from '@jixiao/core';
import { saveDepartmentTarget, submitDepartmentTarget } from '@jixiao/db/department-targets';
import { getItem, type ItemRow, listItemsByCodes } from '@jixiao/db/items';
import {
  departmentTargetFormOf,
  projectTargetFormOf,
  submitTarget,
  submitTargets,
} from '@jixiao/db/target-reviews';
import {
  DEFAULT_WORKBOOK_LIMITS,
  departmentTargetWorkbook,
  type ProjectTargetFormData,
  parseDepartmentTargetForm,
  parseProjectTargetForms,
  projectTargetWorkbook,
  readWorkbook,
  type WorkbookLimits,
  WorkbookProblems,
} from '@jixiao/forms';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, App } from '../env.ts';
import { errorResponse } from '../errors.ts';
import { errorResponses, IdParam } from '../schemas.ts';
import { contentDisposition } from './attachments.ts';
import { versionJson } from './target-reviews.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FormYear = z
  .string()
  .regex(/^(\d{4}|cycle)$/, '年度须为四位数字，全周期目标填 cycle')
  .transform((v) => (v === 'cycle' ? null : Number(v)))
  .pipe(fiscalYearSchema.nullable())
  .optional()
  .openapi({
    description: '年度，或 cycle 表示全周期目标；默认项目的当前年度（导入时默认表头所印年度）',
    example: '2026',
  });

const OrgParam = z.object({
  orgUnitId: z.coerce
    .number()
    .pipe(idSchema)
    .openapi({ param: { name: 'orgUnitId', in: 'path' } }),
});

const xlsxResponse = (description: string) => ({
  200: {
    description,
    content: { [XLSX]: { schema: z.any().openapi({ type: 'string', format: 'binary' }) } },
  },
  ...errorResponses,
});

const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: z.object({
        file: z.any().openapi({ type: 'string', format: 'binary', description: '.xlsx 工作簿' }),
        note: z.string().optional().openapi({ description: '报送说明' }),
      }),
    },
  },
};

const TAG = '绩效目标申报表';

const routes = {
  exportItem: createRoute({
    method: 'get',
    path: '/items/{id}/targets/export',
    tags: [TAG],
    summary:
      '导出项目支出绩效目标申报表（.xlsx，标准表样：一二级指标合并单元格，指标值含符号和单位，如“≥95%”）',
    request: { params: IdParam, query: z.object({ fiscalYear: FormYear }) },
    responses: xlsxResponse('申报表'),
  }),
  importItem: createRoute({
    method: 'post',
    path: '/items/{id}/targets/import',
    tags: [TAG],
    summary:
      '导入填好的项目支出绩效目标申报表并报送审核（整张表无误且通过质量检查才写入；有误时逐项指明工作表、行、列）',
    request: { params: IdParam, query: z.object({ fiscalYear: FormYear }), body: uploadBody },
    responses: {
      201: {
        description: '已报送，待财政审核',
        content: {
          'application/json': {
            schema: z.record(z.string(), z.unknown()).openapi({ description: '同 TargetVersion' }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  importBatch: createRoute({
    method: 'post',
    path: '/targets/import',
    tags: [TAG],
    summary:
      '批量导入项目支出绩效目标申报表并报送：每张工作表一个项目（按表中“项目编码”），全部无误且通过质量检查才写入，否则一个也不报送',
    request: { body: uploadBody },
    responses: {
      201: {
        description: '已报送的审核记录',
        content: {
          'application/json': {
            schema: z.object({
              submitted: z.number(),
              reviews: z.array(z.object({ id: z.number(), itemCode: z.string(), sheet: z.string() })),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  exportDepartment: createRoute({
    method: 'get',
    path: '/org-units/{orgUnitId}/department-target/export',
    tags: [TAG],
    summary: '导出部门（单位）整体支出绩效目标申报表（.xlsx）',
    request: { params: OrgParam, query: z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema) }) },
    responses: xlsxResponse('申报表'),
  }),
  importDepartment: createRoute({
    method: 'post',
    path: '/org-units/{orgUnitId}/department-target/import',
    tags: [TAG],
    summary: '导入部门整体支出绩效目标申报表：保存并报送审核（整张表无误且通过质量检查才写入）',
    request: {
      params: OrgParam,
      query: z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional() }),
      body: uploadBody,
    },
    responses: {
      201: {
        description: '已报送，待财政审核',
        content: {
          'application/json': {
            schema: z.record(z.string(), z.unknown()).openapi({ description: '同 TargetVersion' }),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

/** Paths whose POST bodies are workbooks (bounded by the workbook limit, not the JSON body guard). */
const WORKBOOK_UPLOAD_PATHS = [
  '/targets/import',
  '/items/:id/targets/import',
  '/org-units/:orgUnitId/department-target/import',
] as const;

function xlsx(body: Buffer, fileName: string) {
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': XLSX,
      'content-length': String(body.length),
      'content-disposition': contentDisposition(fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

async function uploadedFile(c: { req: { parseBody: () => Promise<Record<string, unknown>> } }) {
  const form = await c.req.parseBody();
  const file = form.file;
  if (!(file instanceof File)) {
    throw new InputError('字段 file：请以 multipart/form-data 上传 .xlsx 工作簿', [
      { path: 'file', message: '缺少文件' },
    ]);
  }
  const note = typeof form.note === 'string' && form.note.trim() !== '' ? form.note.trim() : undefined;
  return { bytes: Buffer.from(await file.arrayBuffer()), note };
}

const noteSchema = optionalText('报送说明', 1000);

/** The one form of a workbook imported for an item: its code and year must be this item's. */
function formForItem(
  forms: readonly ProjectTargetFormData[],
  item: ItemRow,
  problems: WorkbookProblems,
): ProjectTargetFormData | null {
  if (forms.length > 1) {
    problems.add(
      { sheet: forms[1]?.sheet ?? '' },
      `工作簿中有${forms.length}张申报表（${forms.map((f) => `“${f.sheet}”`).join('、')}），一次只能导入本项目的一张`,
    );
    return null;
  }
  const form = forms[0] ?? null;
  if (form?.itemCode && form.itemCode !== item.code) {
    problems.add(
      { sheet: form.sheet },
      `申报表的项目编码为${form.itemCode}，不是本项目（${item.name}，${item.code}）的申报表`,
    );
  }
  return form;
}

export function registerTargetFormRoutes(app: App, deps: ApiDeps) {
  const { platform } = deps;
  const limits: WorkbookLimits = { ...DEFAULT_WORKBOOK_LIMITS, ...deps.workbookLimits };
  for (const path of WORKBOOK_UPLOAD_PATHS) {
    app.use(
      path,
      bodyLimit({
        maxSize: limits.maxBytes + 64 * 1024,
        onError: (c) =>
          errorResponse(
            c,
            'payload_too_large',
            `工作簿过大，不能超过${Math.round(limits.maxBytes / 1024 / 1024)}MB`,
          ),
      }),
    );
  }

  app.openapi(routes.exportItem, async (c) => {
    const actor = c.get('actor');
    const item = await getItem(platform.db, actor, c.req.valid('param').id);
    const q = c.req.valid('query').fiscalYear;
    const fiscalYear = q === undefined ? item.currentFiscalYear : q;
    const form = await projectTargetFormOf(platform.db, item, fiscalYear);
    const year = fiscalYear === null ? '全周期' : `${fiscalYear}年度`;
    return xlsx(
      await projectTargetWorkbook(form),
      `${item.code}-项目支出绩效目标申报表（${year}）.xlsx`,
    ) as never;
  });

  app.openapi(routes.importItem, async (c) => {
    const actor = c.get('actor');
    const item = await getItem(platform.db, actor, c.req.valid('param').id);
    const asked = c.req.valid('query').fiscalYear;
    const { bytes, note } = await uploadedFile(c);
    const sheets = await readWorkbook(bytes, limits);
    const problems = new WorkbookProblems();
    const form = formForItem(parseProjectTargetForms(sheets, problems), item, problems);
    if (form && asked !== undefined && form.fiscalYear !== undefined && form.fiscalYear !== asked) {
      problems.add(
        { sheet: form.sheet, row: 1 },
        `申报表为${form.fiscalYear === null ? '全周期' : `${form.fiscalYear}年度`}，与所选的${asked === null ? '全周期' : `${asked}年度`}不符`,
      );
    }
    problems.throwIfAny();
    const f = form as ProjectTargetFormData;
    const fiscalYear =
      asked !== undefined ? asked : f.fiscalYear !== undefined ? f.fiscalYear : item.currentFiscalYear;
    const version = await submitTarget(platform, actor, item.id, {
      fiscalYear,
      overallGoal: f.overallGoal,
      indicators: f.indicators,
      note: noteSchema.parse(note),
    });
    return c.json(versionJson(version), 201);
  });

  app.openapi(routes.importBatch, async (c) => {
    const actor = c.get('actor');
    const { bytes, note } = await uploadedFile(c);
    const sheets = await readWorkbook(bytes, limits);
    const problems = new WorkbookProblems();
    const forms = parseProjectTargetForms(sheets, problems);
    const seen = new Map<string, string>();
    const entries: Array<{ form: ProjectTargetFormData; item: ItemRow }> = [];
    const codes = forms.flatMap((f) => (f.itemCode ? [f.itemCode] : []));
    const byCode = new Map((await listItemsByCodes(platform.db, actor, codes)).map((i) => [i.code, i]));
    for (const form of forms) {
      if (!form.itemCode) {
        problems.add({ sheet: form.sheet }, '未填写“项目编码”，无法确定是哪个项目的申报表');
        continue;
      }
      const twin = seen.get(form.itemCode);
      if (twin !== undefined) {
        problems.add({ sheet: form.sheet }, `项目编码${form.itemCode}与工作表“${twin}”重复`);
        continue;
      }
      seen.set(form.itemCode, form.sheet);
      const item = byCode.get(form.itemCode);
      if (!item) {
        problems.add({ sheet: form.sheet }, `项目编码${form.itemCode}不存在或不在您的数据范围内`);
        continue;
      }
      entries.push({ form, item });
    }
    problems.throwIfAny();
    const n = noteSchema.parse(note);
    const ids = await submitTargets(
      platform,
      actor,
      entries.map(({ form, item }) => ({
        itemId: item.id,
        label: `工作表“${form.sheet}”（${item.name}）`,
        input: {
          fiscalYear: form.fiscalYear !== undefined ? form.fiscalYear : item.currentFiscalYear,
          overallGoal: form.overallGoal,
          indicators: form.indicators,
          note: n,
        },
      })),
    );
    return c.json(
      {
        submitted: ids.length,
        reviews: ids.map((id, i) => ({
          id,
          itemCode: entries[i]?.item.code ?? '',
          sheet: entries[i]?.form.sheet ?? '',
        })),
      },
      201,
    );
  });

  app.openapi(routes.exportDepartment, async (c) => {
    const actor = c.get('actor');
    const { orgUnitId } = c.req.valid('param');
    const { fiscalYear } = c.req.valid('query');
    const form = await departmentTargetFormOf(platform.db, actor, orgUnitId, fiscalYear);
    const file = await departmentTargetWorkbook(form);
    return xlsx(file, `${form.department}-部门整体支出绩效目标申报表（${fiscalYear}年度）.xlsx`) as never;
  });

  app.openapi(routes.importDepartment, async (c) => {
    const actor = c.get('actor');
    const { orgUnitId } = c.req.valid('param');
    const asked = c.req.valid('query').fiscalYear;
    const { bytes, note } = await uploadedFile(c);
    const sheets = await readWorkbook(bytes, limits);
    const problems = new WorkbookProblems();
    const form = parseDepartmentTargetForm(sheets, problems);
    const fiscalYear = asked ?? form?.fiscalYear;
    if (form && fiscalYear === undefined) {
      problems.add({ sheet: form.sheet, row: 1 }, '表头未印年度，请在标题写明“××××年度”或指定 fiscalYear');
    } else if (form && asked !== undefined && form.fiscalYear !== undefined && form.fiscalYear !== asked) {
      problems.add({ sheet: form.sheet, row: 1 }, `申报表为${form.fiscalYear}年度，与所选的${asked}年度不符`);
    }
    problems.throwIfAny();
    const f = form as NonNullable<typeof form>;
    // The quality checks run before the save too, so a refused form leaves no saved draft behind.
    const issues = departmentTargetIssues(f.indicators, platform.config);
    if (issues.length > 0) {
      throw new InputError(
        `部门整体绩效目标未通过质量检查：${issues.map((i) => i.message).join('；')}`,
        issues,
      );
    }
    const saved = await saveDepartmentTarget(platform, actor, orgUnitId, {
      fiscalYear: fiscalYear as number,
      overallGoal: f.overallGoal,
      indicators: f.indicators,
    });
    const n = noteSchema.parse(note);
    const version = await submitDepartmentTarget(
      platform,
      actor,
      saved.id,
      n === undefined ? {} : { note: n },
    );
    return c.json(versionJson(version), 201);
  });
}
