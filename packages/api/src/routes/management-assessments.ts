import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, idSchema, isoDateSchema, NotFoundError, todayInChina } from '@jixiao/core';
import { type Actor, type DbOrTx, type Platform, requirePermission, schema } from '@jixiao/db';
import {
  assessManagementWork,
  getManagementAssessment,
  getManagementAssessmentById,
  getTargetDeadline,
  type ManagementAssessmentRow,
  managementAssessmentCsv,
  recordInterview,
  setTargetDeadline,
} from '@jixiao/db/management-work';
import { managementAssessmentWorkbook, type RankingNoticeInput, rankingNoticeDocx } from '@jixiao/forms';
import { eq } from 'drizzle-orm';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, jsonBody, RegionYearParams, requiredText } from '../schemas.ts';
import { contentDisposition } from './attachments.ts';

const ScoreSchema = z.object({
  partyId: z.number(),
  partyKind: z.enum(['department', 'county']),
  name: z.string(),
  total: z.number(),
  rank: z.number(),
  outcome: z.enum(['commended', 'interviewed']).nullable(),
  indicators: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      points: z.number(),
      score: z.number(),
      evidence: z.string(),
    }),
  ),
  taskId: z.number().nullable().optional(),
  interview: z
    .object({ heldOn: z.string(), summary: z.string(), recordedBy: z.string() })
    .nullable()
    .optional(),
});

const AssessmentSchema = z
  .object({
    id: z.number(),
    fiscalYear: z.number(),
    scores: z.array(ScoreSchema),
    createdAt: z.string(),
  })
  .openapi('ManagementAssessment');

const json = (a: ManagementAssessmentRow) => ({
  id: a.id,
  fiscalYear: a.fiscalYear,
  scores: a.scores,
  createdAt: a.createdAt.toISOString(),
});

const TAG = '预算绩效管理工作考核';

async function regionName(db: DbOrTx, id: number): Promise<string | null> {
  const [r] = await db
    .select({ name: schema.regions.name })
    .from(schema.regions)
    .where(eq(schema.regions.id, id));
  return r?.name ?? null;
}

/** What the 通报 and the official export are made from. */
async function rankingInput(db: DbOrTx, a: ManagementAssessmentRow): Promise<RankingNoticeInput> {
  return {
    regionName: (await regionName(db, a.regionId)) ?? '',
    fiscalYear: a.fiscalYear,
    issuedOn: todayInChina(a.createdAt),
    scores: a.scores,
    deadlineDays: 30,
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The official export as a download: the government performance assessment's workbook. */
async function managementExportFile(db: DbOrTx, a: ManagementAssessmentRow) {
  return {
    bytes: new Uint8Array(await managementAssessmentWorkbook(await rankingInput(db, a))),
    fileName: `${a.fiscalYear}年度预算绩效管理工作考核结果.xlsx`,
  };
}

/**
 * The official export behind a signed link in chat (考核排名 → 下载), as the link's user: the
 * bureau that may run the assessment, in its own region.
 */
export async function managementExportView(platform: Platform, actor: Actor, id: number) {
  requirePermission(actor, 'management_work.assess');
  const file = await managementExportFile(platform.db, await getManagementAssessment(platform.db, actor, id));
  return { ...file, contentType: XLSX_TYPE };
}

const DeadlineSchema = z
  .object({ regionId: z.number(), fiscalYear: z.number(), deadline: z.string().nullable() })
  .openapi('TargetSubmissionDeadline');

/** The 通报 DOCX for the file message after the ranking notice (the outbox's maker; null once the assessment is gone). */
export async function rankingNoticeFile(platform: Platform, payload: Record<string, unknown>) {
  const id = Number(payload.assessmentId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  let a: ManagementAssessmentRow;
  try {
    a = await getManagementAssessmentById(platform.db, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
  return {
    fileName: `${a.fiscalYear}年度预算绩效管理工作考核通报.docx`,
    bytes: new Uint8Array(await rankingNoticeDocx(await rankingInput(platform.db, a))),
  };
}

const routes = {
  getDeadline: createRoute({
    method: 'get',
    path: '/regions/{id}/target-deadlines/{year}',
    tags: [TAG],
    summary: '绩效目标报送截止日期（未设定时为 null）',
    request: { params: RegionYearParams },
    responses: {
      200: { description: '截止日期', content: { 'application/json': { schema: DeadlineSchema } } },
      ...errorResponses,
    },
  }),
  putDeadline: createRoute({
    method: 'put',
    path: '/regions/{id}/target-deadlines/{year}',
    tags: [TAG],
    summary:
      '设定本区划（或下辖县区）某年度绩效目标报送截止日期；考核“绩效目标按时报送”按首次报送时间对照此日期计算（留痕）',
    request: { params: RegionYearParams, body: jsonBody(z.strictObject({ deadline: isoDateSchema })) },
    responses: {
      200: { description: '截止日期', content: { 'application/json': { schema: DeadlineSchema } } },
      ...errorResponses,
    },
  }),
  run: createRoute({
    method: 'post',
    path: '/management-assessments',
    tags: [TAG],
    summary:
      '开展考核：按系统记录为各部门和县（区）财政部门评分、排名，向各部门推送通报（需签收），为约谈对象下达限期整改任务',
    request: { body: jsonBody(z.strictObject({ fiscalYear: fiscalYearSchema })) },
    responses: {
      201: { description: '考核结果', content: { 'application/json': { schema: AssessmentSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/management-assessments/{id}',
    tags: [TAG],
    summary: '考核结果（每项得分及其依据）',
    request: { params: IdParam },
    responses: {
      200: { description: '考核结果', content: { 'application/json': { schema: AssessmentSchema } } },
      ...errorResponses,
    },
  }),
  interview: createRoute({
    method: 'post',
    path: '/management-assessments/{id}/interviews',
    tags: [TAG],
    summary: '登记约谈记录（约谈对象、日期、约谈情况）',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({ partyId: idSchema, heldOn: isoDateSchema, summary: requiredText('约谈情况', 2000) }),
      ),
    },
    responses: {
      200: { description: '考核结果', content: { 'application/json': { schema: AssessmentSchema } } },
      ...errorResponses,
    },
  }),
  notice: createRoute({
    method: 'get',
    path: '/management-assessments/{id}/notice',
    tags: [TAG],
    summary: '考核通报（DOCX：排名、通报表扬、约谈和限期整改及失分依据）',
    request: { params: IdParam },
    responses: {
      200: {
        description: 'Word 文档',
        content: {
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.any() },
        },
      },
      ...errorResponses,
    },
  }),
  export: createRoute({
    method: 'get',
    path: '/management-assessments/{id}/export',
    tags: [TAG],
    summary:
      '供政府绩效考核使用的导出（XLSX，或 format=csv：每个单位一行，排名、得分、考核结果、各项得分、扣分原因）',
    request: {
      params: IdParam,
      query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    },
    responses: {
      200: {
        description: 'Excel 工作簿或 CSV',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.any() },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerManagementAssessmentRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.getDeadline, async (c) => {
    const p = c.req.valid('param');
    const d = await getTargetDeadline(platform.db, c.get('actor'), p.id, p.year);
    return c.json({ regionId: p.id, fiscalYear: p.year, deadline: d?.deadline ?? null }, 200);
  });
  app.openapi(routes.putDeadline, async (c) => {
    const p = c.req.valid('param');
    const d = await setTargetDeadline(platform, c.get('actor'), {
      regionId: p.id,
      fiscalYear: p.year,
      deadline: c.req.valid('json').deadline,
    });
    return c.json(d, 200);
  });
  app.openapi(routes.run, async (c) =>
    c.json(json(await assessManagementWork(platform, c.get('actor'), c.req.valid('json').fiscalYear)), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(json(await getManagementAssessment(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.interview, async (c) =>
    c.json(
      json(await recordInterview(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
  app.openapi(routes.notice, async (c) => {
    const actor = c.get('actor');
    const a = await getManagementAssessment(platform.db, actor, c.req.valid('param').id);
    const file = await rankingNoticeDocx(await rankingInput(platform.db, a));
    return c.body(new Uint8Array(file), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': contentDisposition(`${a.fiscalYear}年度预算绩效管理工作考核通报.docx`),
    });
  });
  app.openapi(routes.export, async (c) => {
    const a = await getManagementAssessment(platform.db, c.get('actor'), c.req.valid('param').id);
    if (c.req.valid('query').format === 'xlsx') {
      const file = await managementExportFile(platform.db, a);
      return c.body(file.bytes, 200, {
        'content-type': XLSX_TYPE,
        'content-disposition': contentDisposition(file.fileName),
      });
    }
    return c.body(managementAssessmentCsv(a), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': contentDisposition(`${a.fiscalYear}年度预算绩效管理工作考核结果.csv`),
    });
  });
}
