import { createRoute, z } from '@hono/zod-openapi';
import { svgToPng, yearCharts } from '@jixiao/charts';
import {
  ConflictError,
  departmentFigures,
  fiscalYearSchema,
  idSchema,
  isoDateSchema,
  optionalText,
  PUBLICATION_DRAFT_LABELS,
  PUBLICATION_DRAFTS,
  PUBLICATION_STATUS_LABELS,
  PUBLICATION_STATUSES,
} from '@jixiao/core';
import {
  actOnPublication,
  createPublication,
  getPublication,
  listPublications,
  type PublicationRow,
  reselectPublication,
} from '@jixiao/db/publications';
import { congressReportDocx, congressWorkbook } from '@jixiao/forms';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, iso, jsonBody } from '../schemas.ts';
import { contentDisposition } from './attachments.ts';

const ValueSchema = z.union([z.string(), z.number(), z.null()]);

const PublicationSchema = z
  .object({
    id: z.number(),
    region: z.object({ id: z.number(), code: z.string(), name: z.string() }),
    fiscalYear: z.number(),
    draft: z.enum(PUBLICATION_DRAFTS),
    draftLabel: z.string(),
    version: z.number(),
    status: z.enum(PUBLICATION_STATUSES),
    statusLabel: z.string(),
    selection: z.object({
      itemIds: z.array(z.number()),
      departmentIds: z.array(z.number()),
      sections: z.array(z.string()),
    }),
    public: z
      .object({
        regionName: z.string(),
        fiscalYear: z.number(),
        draft: z.enum(PUBLICATION_DRAFTS),
        departments: z.array(z.object({ key: z.string(), name: z.string() })),
        subjects: z.array(
          z.object({
            kind: z.enum(['item', 'department']),
            key: z.string(),
            name: z.string(),
            departmentKey: z.string().nullable(),
            blocks: z.array(
              z.object({
                section: z.string(),
                title: z.string(),
                fields: z.array(z.object({ label: z.string(), value: ValueSchema })),
                table: z
                  .object({ columns: z.array(z.string()), rows: z.array(z.array(ValueSchema)) })
                  .optional(),
                metrics: z.record(z.string(), z.number()),
              }),
            ),
          }),
        ),
      })
      .openapi({ description: '公开后社会公众看到的内容（已去除个人姓名和内部字段）' }),
    note: z.string().nullable(),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    publishOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Publication');

const json = (p: PublicationRow) => ({
  ...p,
  draftLabel: PUBLICATION_DRAFT_LABELS[p.draft],
  statusLabel: PUBLICATION_STATUS_LABELS[p.status],
  submittedAt: iso(p.submittedAt),
  reviewedAt: iso(p.reviewedAt),
  createdAt: p.createdAt.toISOString(),
});

const TAG = '绩效信息公开';
const one = (description: string) => ({
  200: { description, content: { 'application/json': { schema: PublicationSchema } } },
  ...errorResponses,
});
const created = (description: string) => ({
  201: { description, content: { 'application/json': { schema: PublicationSchema } } },
  ...errorResponses,
});

const ids = (label: string) => z.array(idSchema).max(2000, `${label}最多 2000 个`);
const SelectionBody = {
  itemIds: ids('项目').default([]),
  departmentIds: ids('部门').default([]),
  sections: z.array(z.string().max(60)).max(20).optional(),
  note: optionalText('更正说明', 1000),
};

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const routes = {
  congressReport: createRoute({
    method: 'get',
    path: '/publications/{id}/congress-report',
    tags: [TAG],
    summary: '同步报送人大的报告（DOCX：总体情况、图表、各栏目表格），由已审定的公开版本生成',
    request: { params: IdParam },
    responses: {
      200: { description: 'Word 文档', content: { [DOCX]: { schema: z.any() } } },
      ...errorResponses,
    },
  }),
  congressTables: createRoute({
    method: 'get',
    path: '/publications/{id}/congress-tables',
    tags: [TAG],
    summary: '同步报送人大的标准表格（XLSX：每个栏目一张表），由已审定的公开版本生成',
    request: { params: IdParam },
    responses: {
      200: { description: '工作簿', content: { [XLSX]: { schema: z.any() } } },
      ...errorResponses,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/publications',
    tags: [TAG],
    summary: '本级的公开版本（选编中、待审核、已审定），新的在前',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        status: z.enum(PUBLICATION_STATUSES).optional(),
      }),
    },
    responses: {
      200: {
        description: '公开版本',
        content: { 'application/json': { schema: z.object({ publications: z.array(PublicationSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/publications/{id}',
    tags: [TAG],
    summary: '公开版本详情（含公开后的内容预览）',
    request: { params: IdParam },
    responses: one('公开版本'),
  }),
  create: createRoute({
    method: 'post',
    path: '/publications',
    tags: [TAG],
    summary: '选编随预算草案或决算草案公开的内容；该年度已有审定版本时即为更正版本，须写 note',
    request: {
      body: jsonBody(
        z.strictObject({
          fiscalYear: fiscalYearSchema,
          draft: z.enum(PUBLICATION_DRAFTS),
          ...SelectionBody,
        }),
      ),
    },
    responses: created('新的公开版本（选编中）'),
  }),
  reselect: createRoute({
    method: 'put',
    path: '/publications/{id}/selection',
    tags: [TAG],
    summary: '重新选编（选编中或被退回的版本）',
    request: { params: IdParam, body: jsonBody(z.strictObject(SelectionBody)) },
    responses: one('重新选编后的版本'),
  }),
  submit: createRoute({
    method: 'post',
    path: '/publications/{id}/submit',
    tags: [TAG],
    summary: '报送审核',
    request: { params: IdParam },
    responses: one('待审核的版本'),
  }),
  review: createRoute({
    method: 'post',
    path: '/publications/{id}/review',
    tags: [TAG],
    summary: '审核：approve 须给公开日期（publishOn），return 须说明理由；报送人不能审核自己报送的版本',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({
          decision: z.enum(['approve', 'return']),
          publishOn: isoDateSchema.optional(),
          comment: optionalText('审核意见', 1000),
        }),
      ),
    },
    responses: one('审核后的版本'),
  }),
};

/** The congress package's input from an approved version (the same charts as the public site, as PNG). */
function congressInput(p: PublicationRow, generatedAt: Date) {
  if (p.status !== 'approved' || p.publishOn === null) {
    throw new ConflictError('报送人大的材料须由已审定的公开版本生成；该版本尚未审定', {
      publicationId: p.id,
    });
  }
  const charts = yearCharts(departmentFigures(p.public)).map((svg) => {
    const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 640);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 320);
    return {
      png: svgToPng(svg, width * 2),
      width,
      height,
      description: /aria-label="([^"]*)"/.exec(svg)?.[1] ?? '',
    };
  });
  return {
    title: `${p.region.name}${p.fiscalYear}年重点绩效目标和绩效信息`,
    draftLabel: PUBLICATION_DRAFT_LABELS[p.draft],
    version: p.version,
    publishOn: p.publishOn,
    note: p.note,
    snapshot: p.public,
    charts,
    generatedAt,
  };
}

export function registerPublicationRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.congressReport, async (c) => {
    const p = await getPublication(platform.db, c.get('actor'), c.req.valid('param').id);
    const file = await congressReportDocx(congressInput(p, platform.now()));
    return c.body(new Uint8Array(file), 200, {
      'content-type': DOCX,
      'content-disposition': contentDisposition(
        `${p.region.name}${p.fiscalYear}年绩效信息报告-第${p.version}版.docx`,
      ),
    });
  });
  app.openapi(routes.congressTables, async (c) => {
    const p = await getPublication(platform.db, c.get('actor'), c.req.valid('param').id);
    const file = await congressWorkbook(congressInput(p, platform.now()));
    return c.body(new Uint8Array(file), 200, {
      'content-type': XLSX,
      'content-disposition': contentDisposition(
        `${p.region.name}${p.fiscalYear}年绩效信息表-第${p.version}版.xlsx`,
      ),
    });
  });
  app.openapi(routes.list, async (c) => {
    const rows = await listPublications(platform.db, c.get('actor'), { ...c.req.valid('query'), limit: 200 });
    return c.json({ publications: rows.map(json) }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json(json(await getPublication(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.create, async (c) =>
    c.json(json(await createPublication(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.reselect, async (c) =>
    c.json(
      json(await reselectPublication(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
  app.openapi(routes.submit, async (c) =>
    c.json(json(await actOnPublication(platform, c.get('actor'), c.req.valid('param').id, 'submit')), 200),
  );
  app.openapi(routes.review, async (c) => {
    const b = c.req.valid('json');
    return c.json(
      json(
        await actOnPublication(platform, c.get('actor'), c.req.valid('param').id, b.decision, {
          publishOn: b.publishOn ?? null,
          comment: b.comment ?? null,
        }),
      ),
      200,
    );
  });
}
