import {
  ACTIVE_WARNING_STATUSES,
  describeTarget,
  ITEM_STATES,
  NotFoundError,
  QUALITATIVE_STATUSES,
  RECTIFICATION_STATUS_LABELS,
  SEVERITIES,
} from '@jixiao/core';
import { listChatWarnings } from '@jixiao/db/chat';
import { getItem, getItemByCode, type ItemRow, listItems } from '@jixiao/db/items';
import { monitoringSummary } from '@jixiao/db/monitoring';
import { listTasks } from '@jixiao/db/rectification';
import { loadTargets } from '@jixiao/db/targets';
import { z } from 'zod';
import type { Answer, BotContext } from '../context.ts';
import { prepareReport } from '../handlers/report.ts';
import { prepareSubmission } from '../handlers/submit.ts';
import { fuzzyMatch } from '../parser/index.ts';
import { currentYear, timeProgressFor } from '../progress.ts';
import { fundTypeLabel } from '../render/labels.ts';
import { actorForScope, isOverseer } from '../scopes.ts';

/** A tool either returns data for the model, or (writes) an answer for the user that ends the turn. */
export type ToolResult = { data: unknown } | { answer: Answer };

export interface ToolDef {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  /** Its result is about the asker personally (answers go privately in groups). */
  personal: boolean;
  run(ctx: BotContext, args: unknown): Promise<ToolResult>;
}

function tool<S extends z.ZodType>(spec: {
  name: string;
  description: string;
  schema: S;
  personal?: boolean;
  run: (ctx: BotContext, args: z.output<S>) => Promise<ToolResult>;
}): ToolDef {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(spec.schema) as Record<string, unknown>;
  return {
    name: spec.name,
    description: spec.description,
    parameters,
    personal: spec.personal ?? false,
    async run(ctx, args) {
      const parsed = spec.schema.safeParse(args);
      if (!parsed.success) return { data: { error: `参数不合法：${parsed.error.issues[0]?.message ?? ''}` } };
      return spec.run(ctx, parsed.data);
    },
  };
}

const wan = (fen: number) => Math.round(fen / 10_000) / 100;
const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`;
const notVisible = { error: '项目不存在或不在您的数据范围内' };

function itemJson(ctx: BotContext, item: ItemRow) {
  return {
    id: item.id,
    code: item.code,
    name: item.name,
    department: item.orgUnit.name,
    fundType: fundTypeLabel(ctx.platform.registry, item.fundTypeId),
    state: ITEM_STATES.labels[item.state],
    fiscalYear: item.currentFiscalYear,
    approvedWanYuan: wan(item.approvedAmountFen),
    paidWanYuan: wan(item.paidFen),
    executionRate: pct(item.executionRateBp),
    timeProgress: pct(timeProgressFor(ctx, item.currentFiscalYear)),
    responsiblePerson: item.responsiblePerson,
  };
}

const severity = z.enum(['red', 'orange', 'yellow']);

export const TOOLS: readonly ToolDef[] = [
  tool({
    name: 'search_items',
    description: '按名称片段或编码搜索提问人可见的预算项目，返回候选列表（id、编码、名称、部门）。',
    schema: z.object({
      query: z.string().min(1).max(60).describe('项目名称的一部分或项目编码'),
      limit: z.int().min(1).max(10).optional(),
    }),
    async run(ctx, { query, limit }) {
      const n = limit ?? 5;
      const rows = await listItems(ctx.platform.db, ctx.dataActor, { q: query, limit: n });
      if (rows.length > 0)
        return {
          data: {
            items: rows.map((r) => ({ id: r.id, code: r.code, name: r.name, department: r.orgUnit.name })),
          },
        };
      const names = await ctx.itemNames.get(ctx.platform, ctx.dataActor);
      const fuzzy = fuzzyMatch(query, names, (x) => x.name, { limit: n });
      return {
        data: {
          items: fuzzy.map((m) => ({
            id: m.item.id,
            code: m.item.code,
            name: m.item.name,
            department: m.item.orgName,
          })),
        },
      };
    },
  }),
  tool({
    name: 'get_item',
    description:
      '查询一个项目的详情：状态、批复金额、支付、执行率与序时进度、未处理预警、绩效指标及最新完成情况。',
    schema: z.object({
      item_id: z.int().positive().optional().describe('项目 id（来自 search_items）'),
      code: z.string().max(40).optional().describe('项目编码，如 JDZ-2026-0001'),
    }),
    async run(ctx, { item_id, code }) {
      let item: ItemRow | null = null;
      try {
        if (item_id !== undefined) item = await getItem(ctx.platform.db, ctx.dataActor, item_id);
        else if (code) item = await getItemByCode(ctx.platform.db, ctx.dataActor, code.trim().toUpperCase());
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      if (!item) return { data: notVisible };
      ctx.memory.rememberItem(item);
      const [warnings, targets] = await Promise.all([
        listChatWarnings(ctx.platform.db, ctx.dataActor, {
          itemId: item.id,
          statuses: ACTIVE_WARNING_STATUSES,
          noticeUserId: null,
          limit: 5,
        }),
        loadTargets(ctx.platform.db, item.id, item.currentFiscalYear),
      ]);
      return {
        data: {
          ...itemJson(ctx, item),
          warnings: warnings.rows.map((w) => ({ id: w.id, severity: w.severityLabel, message: w.message })),
          indicators: targets.flatMap((t) =>
            t.indicators.map((i) => ({
              name: i.name,
              target: describeTarget(i),
              latest: i.latestReport
                ? i.latestReport.qualitativeStatus
                  ? QUALITATIVE_STATUSES.labels[i.latestReport.qualitativeStatus]
                  : `${i.latestReport.actualValue ?? ''}${i.unit}（${i.latestReport.reportedOn}）`
                : '未填报',
            })),
          ),
        },
      };
    },
  }),
  tool({
    name: 'list_warnings',
    description: '列出预警（红色最先）。scope：mine 我的，department 本部门，all 提问人可见的全部。',
    schema: z.object({
      severity: severity.optional(),
      scope: z.enum(['mine', 'department', 'all']).optional(),
      limit: z.int().min(1).max(20).optional(),
    }),
    async run(ctx, { severity: sev, scope, limit }) {
      const s = scope ?? 'all';
      const actor = actorForScope(s === 'mine' ? ctx.official.actor : ctx.dataActor, s, ctx.official);
      const list = await listChatWarnings(ctx.platform.db, actor, {
        severity: sev,
        statuses: ACTIVE_WARNING_STATUSES,
        noticeUserId: ctx.official.userId,
        limit: limit ?? 10,
      });
      return {
        data: {
          total: list.total,
          bySeverity: list.counts,
          warnings: list.rows.map((w) => ({
            id: w.id,
            severity: SEVERITIES.labels[w.severity],
            item: `${w.item.code} ${w.item.name}`,
            department: w.orgName,
            message: w.message,
          })),
        },
      };
    },
  }),
  tool({
    name: 'get_summary',
    description: '本年度预算执行汇总：按部门、资金类型或地区，含执行率、序时进度、滞后项目数和预警数。',
    schema: z.object({
      by: z.enum(['department', 'fund_type', 'region']),
      name: z.string().max(40).optional().describe('只看某个部门/资金类型/地区'),
    }),
    async run(ctx, { by, name }) {
      const s = await monitoringSummary(ctx.platform.db, ctx.dataActor, {
        by,
        fiscalYear: currentYear(ctx),
        asOf: ctx.today,
        config: ctx.platform.config,
      });
      const rows = name ? fuzzyMatch(name, s.rows, (r) => r.name, { limit: 3 }).map((m) => m.item) : s.rows;
      const json = (r: (typeof s.rows)[number]) => ({
        name: r.name,
        items: r.items,
        approvedWanYuan: wan(r.approvedFen),
        paidWanYuan: wan(r.paidFen),
        executionRate: pct(r.executionRateBp),
        laggingItems: r.laggingItems,
        warnings: r.warnings,
      });
      return {
        data: {
          fiscalYear: s.fiscalYear,
          timeProgress: pct(s.timeProgressBp),
          rows: rows.slice(0, 30).map(json),
          total: json(s.total),
        },
      };
    },
  }),
  tool({
    name: 'list_my_tasks',
    description: '提问人的整改任务（财政部门和领导为其范围内全部整改任务）。',
    personal: true,
    schema: z.object({ status: z.enum(['open', 'all']).optional() }),
    async run(ctx, { status }) {
      const overseer = isOverseer(ctx.official.actor);
      const tasks = await listTasks(ctx.platform.db, ctx.official.actor, {
        status: status === 'all' ? undefined : 'open',
        assigneeUserId: overseer ? undefined : ctx.official.userId,
        limit: 30,
      });
      return {
        data: {
          tasks: tasks.map((t) => ({
            id: t.id,
            item: `${t.item.code} ${t.item.name}`,
            requirement: t.requirement,
            deadline: t.deadline,
            status: RECTIFICATION_STATUS_LABELS[t.status],
            assignee: t.assignee.name,
          })),
        },
      };
    },
  }),
  tool({
    name: 'report_indicator_progress',
    description: '为提问人填报某项目某绩效指标的完成情况。系统会先请提问人确认，确认后才写入。',
    personal: true,
    schema: z.object({
      item_code: z.string().max(40).optional(),
      item_id: z.int().positive().optional(),
      indicator: z.string().min(1).max(60).describe('指标名称'),
      value: z.number().optional().describe('定量指标的完成值'),
      unit: z.string().max(10).optional(),
      qualitative: z.enum(['met', 'partly_met', 'not_met']).optional().describe('定性指标的完成情况'),
    }),
    async run(ctx, a) {
      const prepared = await prepareReport(ctx, {
        ...(a.item_id !== undefined ? { itemId: a.item_id } : {}),
        ...(a.item_code ? { query: a.item_code } : {}),
        indicator: a.indicator,
        ...(a.value !== undefined ? { value: a.value } : {}),
        ...(a.unit ? { unit: a.unit } : {}),
        ...(a.qualitative ? { qualitative: a.qualitative } : {}),
      });
      return { answer: prepared.answer };
    },
  }),
  tool({
    name: 'submit_rectification',
    description: '提问人提交自己的整改任务的整改情况。系统会先请提问人确认，确认后才提交。',
    personal: true,
    schema: z.object({ task_id: z.int().positive(), text: z.string().min(2).max(2000) }),
    async run(ctx, { task_id, text }) {
      const prepared = await prepareSubmission(ctx, { taskRef: String(task_id), text });
      return { answer: prepared.answer };
    },
  }),
];

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDef> = new Map(TOOLS.map((t) => [t.name, t]));
