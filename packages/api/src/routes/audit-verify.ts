import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '@jixiao/db';
import { type AuditTrailVerification, verifyItemAuditTrail } from '@jixiao/db/audit';
import { getItem } from '@jixiao/db/items';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam } from '../schemas.ts';

export const AuditVerificationSchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().openapi({ description: '审计记录条数' }),
    legacyEntries: z.number().openapi({ description: '其中升级前按旧版哈希写入的条数' }),
    verifiedThroughId: z
      .number()
      .nullable()
      .openapi({ description: '自第 1 条至此条的审计链完好（有问题时：且与签名检查点相符）' }),
    checkpoints: z.object({ total: z.number(), matched: z.number() }),
    latestCheckpoint: z
      .object({
        seq: z.number(),
        lastEntryId: z.number().nullable(),
        lastHash: z.string(),
        count: z.number(),
        at: z.string(),
        signature: z.string(),
      })
      .nullable(),
    foreignEntryIds: z.array(z.number()).openapi({ description: '编号不是正数、不可能属于审计链的记录' }),
    problems: z.array(z.object({ entryId: z.number().nullable(), reason: z.string() })),
    brokenAtId: z.number().nullable().optional(),
    reason: z.string().optional(),
  })
  .openapi('AuditVerification');

/** The verification as the API shows it (without the server's file paths). */
export function auditVerificationJson(r: AuditTrailVerification): z.infer<typeof AuditVerificationSchema> {
  const { checkpointFile: _path, ...shown } = r;
  return shown;
}

const itemAuditVerifyRoute = createRoute({
  method: 'get',
  path: '/items/{id}/audit/verify',
  tags: ['审计'],
  summary: '校验项目的审计记录：每一条都是校验通过的审计链上的一环',
  request: { params: IdParam },
  responses: {
    200: {
      description: '校验结果',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.boolean(),
            itemId: z.number(),
            entries: z.number(),
            verifiedEntries: z.number(),
            unverifiedEntryIds: z.array(z.number()),
            reason: z.string().optional(),
            chain: AuditVerificationSchema,
          }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerAuditVerifyRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(itemAuditVerifyRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'audit.read');
    const { id } = c.req.valid('param');
    await getItem(platform.db, actor, id);
    const result = await verifyItemAuditTrail(platform.db, platform.auditAnchor, id);
    return c.json({ ...result, chain: auditVerificationJson(result.chain) }, 200);
  });
}
