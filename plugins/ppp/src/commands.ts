import { formatShare, formatWanYuan } from '@jixiao/core';
import { type BotCommand, createRoute, type PluginRoutes } from '@jixiao/plugin-kit';
import { z } from 'zod';
import { AFFORDABILITY_BAND_LABELS } from './affordability.ts';
import { regionAffordability } from './region-report.ts';
import type { PppSettings } from './settings.ts';

/** “PPP财承 [年度]”: the affordability ratio of each region the asker can see. */
export const affordabilityCommand: BotCommand<PppSettings> = {
  id: 'ppp-affordability',
  help: 'PPP财承 [年度]：查看本地区PPP项目财政支出责任占一般公共预算支出的比例（10%红线）',
  patterns: [/^PPP财承\s*(?<year>\d{4})?\s*$/i, /^(?:(?<year>\d{4})年?)?PPP财政承受能力\s*$/i],
  async answer({ match, reader, settings, today }) {
    const year = match.year ? Number(match.year) : Number(today.slice(0, 4));
    const rows = await regionAffordability(reader, year, settings);
    const title = `PPP财政承受能力（${year}年度）`;
    if (rows.length === 0) return { title, markdown: '您可查看的范围内没有本年度的PPP项目。' };
    const lines = rows.map(({ regionName, affordability: a }) =>
      a
        ? `- **${regionName}**：${a.itemCount}个项目支出责任${formatWanYuan(a.obligationFen)}，占一般公共预算支出${formatWanYuan(a.expenditureFen)}的 **${formatShare(a.ratio)}**（${AFFORDABILITY_BAND_LABELS[a.band]}${a.governmentPayClosed ? '，不得新上政府付费项目' : ''}）`
        : `- **${regionName}**：尚未录入一般公共预算支出，无法测算`,
    );
    const { affordabilityRedLine, affordabilityWarning, governmentPayNewLimit } = settings;
    return {
      title,
      markdown: `${lines.join('\n')}\n\n红线${formatShare(affordabilityRedLine)}，预警线${formatShare(affordabilityWarning)}；超过${formatShare(governmentPayNewLimit)}不得新上政府付费项目。`,
    };
  },
};

const affordabilityRoute = createRoute({
  method: 'get',
  path: '/affordability',
  tags: ['PPP'],
  summary: 'PPP财政承受能力：各地区PPP支出责任占一般公共预算支出的比例（10%红线）',
  request: {
    query: z.object({
      fiscalYear: z.coerce
        .number('年度须为数字')
        .int('年度须为整数')
        .min(2000, '年度不能早于2000年')
        .max(2100, '年度不能晚于2100年')
        .optional(),
    }),
  },
  responses: {
    200: {
      description: '各地区财政承受能力',
      content: {
        'application/json': {
          schema: z.object({
            fiscalYear: z.number(),
            redLine: z.number(),
            warningLine: z.number(),
            governmentPayNewLimit: z.number(),
            regions: z.array(
              z.object({
                regionId: z.number(),
                regionName: z.string(),
                obligationFen: z.number().nullable(),
                expenditureFen: z.number().nullable(),
                ratio: z.number().nullable(),
                band: z.enum(['within', 'warning', 'red_line']).nullable(),
                governmentPayClosed: z.boolean().nullable(),
              }),
            ),
          }),
        },
      },
    },
  },
});

/** GET /api/v1/plugins/ppp/affordability?fiscalYear=2026, scoped to the caller. */
export const routes: PluginRoutes<PppSettings> = (app, { settings }) => {
  app.openapi(affordabilityRoute, async (c) => {
    const fiscalYear = c.req.valid('query').fiscalYear ?? Number(c.get('today').slice(0, 4));
    const regions = await regionAffordability(c.get('reader'), fiscalYear, settings);
    return c.json(
      {
        fiscalYear,
        redLine: settings.affordabilityRedLine,
        warningLine: settings.affordabilityWarning,
        governmentPayNewLimit: settings.governmentPayNewLimit,
        regions: regions.map((r) => ({
          regionId: r.regionId,
          regionName: r.regionName,
          obligationFen: r.affordability?.obligationFen ?? null,
          expenditureFen: r.affordability?.expenditureFen ?? null,
          ratio: r.affordability?.ratio ?? null,
          band: r.affordability?.band ?? null,
          governmentPayClosed: r.affordability?.governmentPayClosed ?? null,
        })),
      },
      200,
    );
  });
};
