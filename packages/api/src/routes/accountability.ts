import { createRoute, z } from '@hono/zod-openapi';
import { CASE_OUTCOMES, CASE_SOURCES, CASE_STATUSES, isoDateSchema, todayInChina } from '@jixiao/core';
import { today } from '@jixiao/db';
import {
  type CaseRow,
  caseEvidence,
  decideCase,
  getCase,
  handOverDepartment,
  handOverProject,
  listCases,
  listItemHandovers,
  openCase,
  responsibilityOn,
} from '@jixiao/db/accountability';
import { listAttachments } from '@jixiao/db/attachments';
import { accountabilityPackage } from '@jixiao/forms';
import type { ApiDeps, App } from '../env.ts';
import { decimalId, errorResponses, IdParam, jsonBody, requiredText } from '../schemas.ts';
import { contentDisposition } from './attachments.ts';

const Answerable = z.object({ name: z.string(), from: z.string().nullable(), to: z.string().nullable() });

const ResponsibilitySchema = z
  .object({
    date: z.string(),
    item: z.object({ id: z.number(), code: z.string(), name: z.string(), isNewMajor: z.boolean() }),
    department: z.object({ id: z.number(), name: z.string() }),
    projectOwner: Answerable.extend({ lifetime: z.boolean() }),
    departmentHead: Answerable.nullable(),
  })
  .openapi('Responsibility');

const HandoverSchema = z
  .object({
    id: z.number(),
    role: z.enum(['project_owner', 'department_head']),
    fromName: z.string(),
    toName: z.string(),
    effectiveOn: z.string(),
    reason: z.string(),
    recordedAt: z.string(),
  })
  .openapi('Handover');

const HandoverBody = z.strictObject({
  toName: requiredText('接任人姓名', 50),
  toUserId: z.number().int().positive().nullable().optional(),
  effectiveOn: isoDateSchema,
  reason: requiredText('交接原因', 500),
  fromName: z.string().trim().max(50).optional().openapi({ description: '原负责人（部门尚未登记负责人时）' }),
});

const CaseSchema = z
  .object({
    id: z.number(),
    item: z.object({ id: z.number(), code: z.string(), name: z.string() }),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    source: z.enum(CASE_SOURCES),
    sourceLabel: z.string(),
    sourceRef: z.string().nullable(),
    finding: z.string(),
    failureOn: z.string(),
    people: z.array(Answerable.extend({ role: z.string(), lifetime: z.boolean() })),
    status: z.enum(CASE_STATUSES),
    statusLabel: z.string(),
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    outcomeLabel: z.string().nullable(),
    decisionReason: z.string().nullable(),
    openedAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi('AccountabilityCase');

const caseJson = (c: CaseRow) => ({
  ...c,
  openedAt: c.openedAt.toISOString(),
  decidedAt: c.decidedAt?.toISOString() ?? null,
});
const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});

const routes = {
  responsibility: createRoute({
    method: 'get',
    path: '/items/{id}/responsibility',
    tags: ['责任追究'],
    summary: '某一天谁对项目负责（项目责任人、部门主要负责人）；重大项目责任人终身负责',
    request: {
      params: IdParam,
      query: z.object({ date: isoDateSchema.optional().openapi({ description: '默认今天' }) }),
    },
    responses: ok('责任人', ResponsibilitySchema),
  }),
  handovers: createRoute({
    method: 'get',
    path: '/items/{id}/handovers',
    tags: ['责任追究'],
    summary: '项目责任人交接记录',
    request: { params: IdParam },
    responses: ok('交接记录', z.object({ data: z.array(HandoverSchema) })),
  }),
  handOverProject: createRoute({
    method: 'post',
    path: '/items/{id}/handovers',
    tags: ['责任追究'],
    summary: '项目责任人交接：新责任人自交接日起负责，原责任人仍对此前负责',
    request: { params: IdParam, body: jsonBody(HandoverBody) },
    responses: ok('交接后的责任人', ResponsibilitySchema),
  }),
  handOverDepartment: createRoute({
    method: 'post',
    path: '/org-units/{id}/head-handovers',
    tags: ['责任追究'],
    summary: '部门主要负责人交接（财政部门登记）',
    request: { params: IdParam, body: jsonBody(HandoverBody) },
    responses: ok('该部门的交接记录', z.object({ data: z.array(HandoverSchema) })),
  }),
  list: createRoute({
    method: 'get',
    path: '/accountability-cases',
    tags: ['责任追究'],
    summary: '问责事项（按数据范围）',
    request: {
      query: z.object({
        itemId: decimalId().optional(),
        status: z.enum(CASE_STATUSES).optional(),
      }),
    },
    responses: ok('问责事项', z.object({ data: z.array(CaseSchema) })),
  }),
  open: createRoute({
    method: 'post',
    path: '/accountability-cases',
    tags: ['责任追究'],
    summary: '启动问责：按问题发生之日登记的责任人列明责任人员',
    request: {
      body: jsonBody(
        z.strictObject({
          itemId: z.number().int().positive(),
          source: z.enum(CASE_SOURCES),
          sourceRef: z.string().trim().max(100).nullable().optional(),
          finding: requiredText('问题', 2000),
          failureOn: isoDateSchema,
        }),
      ),
    },
    responses: {
      ...ok('已启动', CaseSchema),
      201: { description: '已启动', content: { 'application/json': { schema: CaseSchema } } },
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/accountability-cases/{id}',
    tags: ['责任追究'],
    summary: '问责事项',
    request: { params: IdParam },
    responses: ok('问责事项', CaseSchema),
  }),
  decide: createRoute({
    method: 'post',
    path: '/accountability-cases/{id}/decision',
    tags: ['责任追究'],
    summary: '作出处理、移送纪检监察机关或撤销',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({
          action: z.enum(['conclude', 'refer', 'withdraw']),
          outcome: z.enum(CASE_OUTCOMES).nullable().optional(),
          reason: requiredText('理由', 2000),
        }),
      ),
    },
    responses: ok('处理后的问责事项', CaseSchema),
  }),
  package: createRoute({
    method: 'get',
    path: '/accountability-cases/{id}/package',
    tags: ['责任追究'],
    summary: '移送材料（XLSX：问责事项、责任人、证据清单、审计记录及其哈希、链验证）',
    request: { params: IdParam },
    responses: {
      200: {
        description: '工作簿',
        content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.any() } },
      },
      ...errorResponses,
    },
  }),
};

export function registerAccountabilityRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.responsibility, async (c) => {
    const date = c.req.valid('query').date ?? today(platform);
    return c.json(await responsibilityOn(platform.db, c.get('actor'), c.req.valid('param').id, date), 200);
  });
  app.openapi(routes.handovers, async (c) => {
    const rows = await listItemHandovers(platform.db, c.get('actor'), c.req.valid('param').id);
    return c.json({ data: rows.map((h) => ({ ...h, recordedAt: h.recordedAt.toISOString() })) }, 200);
  });
  app.openapi(routes.handOverProject, async (c) => {
    const { fromName: _ignored, ...body } = c.req.valid('json');
    return c.json(await handOverProject(platform, c.get('actor'), c.req.valid('param').id, body), 200);
  });
  app.openapi(routes.handOverDepartment, async (c) => {
    const rows = await handOverDepartment(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json({ data: rows.map((h) => ({ ...h, recordedAt: h.recordedAt.toISOString() })) }, 200);
  });
  app.openapi(routes.list, async (c) => {
    return c.json(
      { data: (await listCases(platform.db, c.get('actor'), c.req.valid('query'))).map(caseJson) },
      200,
    );
  });
  app.openapi(routes.open, async (c) =>
    c.json(caseJson(await openCase(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(caseJson(await getCase(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.decide, async (c) => {
    const { action, ...rest } = c.req.valid('json');
    return c.json(
      caseJson(await decideCase(platform, c.get('actor'), c.req.valid('param').id, action, rest)),
      200,
    );
  });
  app.openapi(routes.package, async (c) => {
    const actor = c.get('actor');
    const evidence = await caseEvidence(platform, actor, c.req.valid('param').id);
    const attachments = await listAttachments(platform.db, actor, { itemId: evidence.case.item.id });
    const now = platform.now();
    const file = await accountabilityPackage({
      ...evidence,
      attachments,
      generatedAt: now,
      generatedBy: actor.name,
    });
    const name = `问责移送材料-${evidence.case.id}-${todayInChina(now)}.xlsx`;
    return c.body(new Uint8Array(file), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': contentDisposition(name),
    });
  });
}
