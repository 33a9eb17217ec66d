import { createRoute, z } from '@hono/zod-openapi';
import { InputError, NOTICE_SUBJECT, NOTICE_SUBJECT_HINT } from '@jixiao/core';
import { getProposal } from '@jixiao/db/budget-proposals';
import { getEvaluationResult } from '@jixiao/db/evaluation-results';
import { getKeyEvaluation } from '@jixiao/db/evaluations';
import { getWarning } from '@jixiao/db/monitoring';
import { acknowledgeNotice, listNotices, type NoticeRow } from '@jixiao/db/notices';
import { getTask } from '@jixiao/db/rectification';
import { getSpotCheckEntry } from '@jixiao/db/spot-checks';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, iso, jsonBody } from '../schemas.ts';

const NoticeSchema = z
  .object({
    id: z.number(),
    subject: z.string(),
    event: z.string(),
    recipient: z.object({ id: z.number(), name: z.string() }),
    firstSentAt: z.string().nullable(),
    lastSentAt: z.string().nullable(),
    resendCount: z.number(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedVia: z.string().nullable(),
    escalatedAt: z.string().nullable(),
  })
  .openapi('Notice');

/** A notice as the API shows it (also inside a rectification task's acknowledgements). */
export function noticeJson(n: NoticeRow) {
  return {
    ...n,
    firstSentAt: iso(n.firstSentAt),
    lastSentAt: iso(n.lastSentAt),
    acknowledgedAt: iso(n.acknowledgedAt),
    escalatedAt: iso(n.escalatedAt),
  };
}

const routes = {
  notices: createRoute({
    method: 'get',
    path: '/notices',
    tags: ['整改'],
    summary: '某预警、整改任务、评价结果或预算安排建议的通知与签收情况（谁在何时签收）',
    request: {
      query: z.object({
        subject: z.string().regex(NOTICE_SUBJECT, NOTICE_SUBJECT_HINT),
      }),
    },
    responses: {
      200: {
        description: '通知',
        content: { 'application/json': { schema: z.object({ notices: z.array(NoticeSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  acknowledge: createRoute({
    method: 'post',
    path: '/notices/acknowledge',
    tags: ['整改'],
    summary: '签收通知（不指定 subject 时签收最新一条未签收的）',
    request: {
      body: jsonBody(
        z.strictObject({
          subject: z.string().regex(NOTICE_SUBJECT, NOTICE_SUBJECT_HINT).optional(),
        }),
      ),
    },
    responses: {
      200: {
        description: '签收结果',
        content: { 'application/json': { schema: z.object({ acknowledged: NoticeSchema.nullable() }) } },
      },
      ...errorResponses,
    },
  }),
};

/** Notices that must be signed for (收到) and who signed when: GET /notices, POST /notices/acknowledge. */
export function registerNoticeRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.notices, async (c) => {
    const subject = c.req.valid('query').subject;
    const [kind, id] = subject.split(':') as [string, string];
    // The subject must be visible to the caller.
    const actor = c.get('actor');
    if (kind === 'warning') await getWarning(platform.db, actor, Number(id));
    else if (kind === 'task') await getTask(platform.db, actor, Number(id));
    else if (kind === 'spot_check') await getSpotCheckEntry(platform.db, actor, Number(id));
    else if (kind === 'evaluation_result') await getEvaluationResult(platform.db, actor, Number(id));
    else if (kind === 'budget_proposal') await getProposal(platform.db, actor, Number(id));
    else if (kind === 'key_evaluation') await getKeyEvaluation(platform.db, actor, Number(id));
    else if (kind === 'spot_check_review') await getSpotCheckEntry(platform.db, actor, Number(id));
    else
      throw new InputError(
        '查询参数字段 subject：只能查询预警、整改任务、抽查结果、抽查复核指派、重点评价、评价结果和预算安排建议的签收情况（预警汇总请按预警查询）',
        [{ path: 'subject', message: '不支持此类通知' }],
      );
    return c.json({ notices: (await listNotices(platform.db, subject)).map(noticeJson) }, 200);
  });

  app.openapi(routes.acknowledge, async (c) => {
    const n = await acknowledgeNotice(platform, c.get('actor'), {
      subject: c.req.valid('json').subject,
      via: 'api',
    });
    return c.json({ acknowledged: n ? noticeJson(n) : null }, 200);
  });
}
