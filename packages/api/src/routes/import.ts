import { createRoute, z } from '@hono/zod-openapi';
import { IMPORT_MAX_ROWS, importBatch } from '@jixiao/db/import';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses } from '../schemas.ts';

// Rows are validated one by one in the service so every bad row is reported, not just the first.
const ImportBody = z
  .strictObject({
    items: z
      .array(z.unknown())
      .max(IMPORT_MAX_ROWS)
      .optional()
      .openapi({ description: '项目行，字段同 POST /items' }),
    targets: z
      .array(z.unknown())
      .max(IMPORT_MAX_ROWS)
      .optional()
      .openapi({ description: '绩效目标行：itemCode + PUT /items/{id}/targets 的字段' }),
    payments: z
      .array(z.unknown())
      .max(IMPORT_MAX_ROWS)
      .optional()
      .openapi({ description: '支付行：itemCode + POST /items/{id}/payments 的字段' }),
  })
  .openapi('ImportBatch');

const importRoute = createRoute({
  method: 'post',
  path: '/import',
  tags: ['批量导入'],
  summary: '批量导入项目、绩效目标、支付（全部成功才写入；有误时逐行列出原因，一行也不写）',
  request: { body: { required: true, content: { 'application/json': { schema: ImportBody } } } },
  responses: {
    200: {
      description: '写入的行数',
      content: {
        'application/json': {
          schema: z.object({ items: z.number(), targets: z.number(), payments: z.number() }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerImportRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(importRoute, async (c) => {
    const result = await importBatch(platform, c.get('actor'), c.req.valid('json'));
    return c.json(result, 200);
  });
}
