import { createRoute, z } from '@hono/zod-openapi';
import { checkSelfEvaluation, InputError, selfEvaluationSchemes } from '@jixiao/core';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses } from '../schemas.ts';

const amount = z.number().finite().nullable().optional();
const printed = z.string().max(200).nullable();

const CheckBody = z
  .strictObject({
    scheme: z
      .string()
      .max(60)
      .optional()
      .openapi({ description: '评分方案（默认 caiyu-2020-10，即财预〔2020〕10号）' }),
    budget: z.strictObject({
      initial: amount.openapi({ description: '年初预算数' }),
      adjusted: amount.openapi({ description: '全年预算数（调整后）' }),
      executed: amount.openapi({ description: '全年执行数' }),
      weight: amount.openapi({ description: '预算执行率分值' }),
      printedScore: amount.openapi({ description: '表上填报的得分' }),
    }),
    indicators: z
      .array(
        z.strictObject({
          level1: z.string().min(1).max(40).openapi({ example: '产出指标' }),
          level2: z.string().max(40).nullable().optional().openapi({ example: '数量指标' }),
          name: z.string().min(1).max(200),
          target: printed.openapi({ description: '年度指标值，如“≥95%”“≤5300万元”“好”', example: '≥200套' }),
          actual: printed.openapi({ description: '实际完成值，如“98%”“192只”“基本达标”', example: '180套' }),
          weight: amount.openapi({ description: '分值（权重）' }),
          printedScore: amount.openapi({ description: '表上填报的得分' }),
        }),
      )
      .max(500),
    printedTotal: amount.openapi({ description: '表上填报的总分' }),
  })
  .openapi('SelfEvaluationTable');

const CheckResult = z
  .object({
    budget: z.object({ rate: z.number().nullable(), score: z.number().nullable() }),
    indicators: z.array(
      z.object({ completion: z.number().nullable(), score: z.number().nullable(), method: z.string() }),
    ),
    total: z.number().nullable(),
    grade: z.object({ code: z.string(), label: z.string() }).nullable(),
    problems: z.array(
      z.object({
        code: z.string(),
        row: z
          .number()
          .nullable()
          .openapi({ description: 'indicators 的下标；-1 为预算执行率行；null 为整表' }),
        message: z.string(),
      }),
    ),
  })
  .openapi('SelfEvaluationCheck');

const checkRoute = createRoute({
  method: 'post',
  path: '/self-evaluations/check',
  tags: ['绩效自评'],
  summary: '按评分方案核算一张自评表并列出问题（不写入任何数据）',
  description:
    '按表上填写的样子提交（“≥95%”“≤5300万元”“好”“达标”），返回预算执行率得分、每项指标的完成程度与得分、总分、等级，' +
    '以及表中的问题：总分与各项得分之和不符、分值合计不符、得分超过分值、达标未得满分、未达标得满分、执行率得分不符、缺分值、无法读取的值等。',
  request: { body: { required: true, content: { 'application/json': { schema: CheckBody } } } },
  responses: {
    200: { description: '核算结果', content: { 'application/json': { schema: CheckResult } } },
    ...errorResponses,
  },
});

export function registerSelfEvaluationRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(checkRoute, (c) => {
    const body = c.req.valid('json');
    const schemes = selfEvaluationSchemes(platform.config);
    const id = body.scheme ?? platform.config.selfEvaluation.defaultScheme;
    const scheme = schemes[id];
    if (!scheme) {
      throw new InputError(`字段 scheme：评分方案“${id}”不存在（可选：${Object.keys(schemes).join('、')}）`, [
        { path: 'scheme', message: '评分方案不存在' },
      ]);
    }
    return c.json(checkSelfEvaluation(body, scheme, platform.config), 200);
  });
}
