import {
  DEPARTMENT_DIMENSIONS,
  formatWanYuan,
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  ITEM_KINDS,
  indicatorCompletion,
  type OPERATORS,
  type PublicValue,
  type RawBlock,
  RECTIFICATION_STATUS_LABELS,
} from '@jixiao/core';
import { and, asc, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { executionSummary } from '../execution/execution-summary.ts';
import {
  departmentTargets,
  indicatorReports,
  rectificationTasks,
  targetVersions,
  users,
} from '../schema/index.ts';
import { evaluationResultsSection } from './results-section.ts';
import type { PublicationSectionProvider, SectionContribution } from './sections.ts';

interface ContentLine {
  name: string;
  level1?: keyof typeof INDICATOR_LEVEL1.labels;
  level2?: keyof typeof INDICATOR_LEVEL2.labels;
  operator?: keyof typeof OPERATORS.labels;
  targetValue?: number | null;
  targetMin?: number | null;
  targetMax?: number | null;
  targetText?: string | null;
  unit?: string;
  weight?: number;
  indicatorId?: number | null;
}

function targetText(l: ContentLine): string {
  const unit = l.unit ?? '';
  switch (l.operator) {
    case 'gte':
      return `≥${l.targetValue ?? ''}${unit}`;
    case 'lte':
      return `≤${l.targetValue ?? ''}${unit}`;
    case 'eq':
      return `=${l.targetValue ?? ''}${unit}`;
    case 'range':
      return `${l.targetMin ?? ''}～${l.targetMax ?? ''}${unit}`;
    default:
      return l.targetText ?? '';
  }
}

const INDICATOR_COLUMNS = [
  { label: '一级指标', visibility: 'public' },
  { label: '二级指标', visibility: 'public' },
  { label: '指标名称', visibility: 'public' },
  { label: '目标值', visibility: 'public' },
  { label: '权重', visibility: 'public' },
] as const;

function indicatorRow(l: ContentLine): PublicValue[] {
  return [
    l.level1 ? INDICATOR_LEVEL1.labels[l.level1] : '',
    l.level2 ? INDICATOR_LEVEL2.labels[l.level2] : '',
    l.name,
    targetText(l),
    l.weight ?? null,
  ];
}

/** 重大政策和项目的绩效目标: the approved target version of the year, with how far each indicator is met. */
const itemTargetsSection: PublicationSectionProvider = {
  section: 'item_targets',
  title: '重大政策和项目绩效目标',
  async collect(ctx) {
    const out: SectionContribution[] = [];
    for (const item of ctx.items) {
      const [v] = await ctx.db
        .select()
        .from(targetVersions)
        .where(
          and(
            eq(targetVersions.itemId, item.id),
            eq(targetVersions.status, 'approved'),
            or(eq(targetVersions.fiscalYear, ctx.fiscalYear), isNull(targetVersions.fiscalYear)),
          ),
        )
        .orderBy(desc(targetVersions.fiscalYear), desc(targetVersions.version))
        .limit(1);
      const lines = (v?.content.indicators ?? []) as ContentLine[];
      const ids = lines.flatMap((l) => (l.indicatorId ? [l.indicatorId] : []));
      const reports =
        ids.length === 0
          ? []
          : await ctx.db
              .select()
              .from(indicatorReports)
              .where(
                and(
                  inArray(indicatorReports.indicatorId, ids),
                  eq(indicatorReports.fiscalYear, ctx.fiscalYear),
                ),
              )
              .orderBy(asc(indicatorReports.reportedOn), asc(indicatorReports.id));
      const latest = new Map(reports.map((r) => [r.indicatorId, r]));
      let met = 0;
      let reported = 0;
      const rows = lines.map((l) => {
        const r = l.indicatorId ? latest.get(l.indicatorId) : undefined;
        let done: PublicValue = '未报告';
        if (r && l.operator) {
          const c = indicatorCompletion(
            {
              name: l.name,
              level1: l.level1 ?? 'output',
              level2: l.level2 ?? 'quantity',
              operator: l.operator,
              targetValue: l.targetValue ?? null,
              targetMin: l.targetMin ?? null,
              targetMax: l.targetMax ?? null,
              weight: l.weight ?? 0,
            },
            r.actualValue,
            r.qualitativeStatus,
            ctx.platform.config,
          );
          if (c !== null) {
            reported++;
            if (c >= 1) met++;
            done = r.actualValue !== null ? `${r.actualValue}${l.unit ?? ''}` : c >= 1 ? '已完成' : '未完成';
          }
        }
        return [...indicatorRow(l), done, r?.deviationNote ?? null];
      });
      const block: RawBlock = {
        section: 'item_targets',
        title: '绩效目标',
        fields: [
          {
            label: '项目类别',
            value: ITEM_KINDS.labels[item.kind as keyof typeof ITEM_KINDS.labels] ?? item.kind,
            visibility: 'public',
          },
          { label: '实施单位', value: item.orgUnitName, visibility: 'public' },
          { label: '预算金额', value: formatWanYuan(item.approvedAmountFen), visibility: 'public' },
          {
            label: '总体目标',
            value: v?.content.overallGoal ?? '（尚无审定的绩效目标）',
            visibility: 'public',
          },
          { label: '项目负责人', value: item.responsiblePerson, visibility: 'personal' },
          { label: '审核意见', value: v?.opinion ?? null, visibility: 'internal' },
          { label: '目标版本', value: v ? `第 ${v.version} 版` : null, visibility: 'public' },
        ],
        table: {
          columns: [
            ...INDICATOR_COLUMNS,
            { label: '最新完成值', visibility: 'public' },
            { label: '偏差说明（内部）', visibility: 'internal' },
          ],
          rows,
        },
        metrics: { indicators: lines.length, indicatorsReported: reported, indicatorsMet: met },
      };
      out.push({ subject: { kind: 'item', id: item.id }, block });
    }
    return out;
  },
};

/** 部门整体绩效目标 (DW-1): the department's approved target of the year. */
const departmentTargetsSection: PublicationSectionProvider = {
  section: 'department_targets',
  title: '部门整体绩效目标',
  async collect(ctx) {
    const out: SectionContribution[] = [];
    for (const d of ctx.departments) {
      const [t] = await ctx.db
        .select()
        .from(departmentTargets)
        .where(
          and(
            eq(departmentTargets.orgUnitId, d.id),
            eq(departmentTargets.fiscalYear, ctx.fiscalYear),
            eq(departmentTargets.status, 'approved'),
          ),
        )
        .limit(1);
      if (!t) continue;
      const [v] = await ctx.db
        .select()
        .from(targetVersions)
        .where(and(eq(targetVersions.departmentTargetId, t.id), eq(targetVersions.status, 'approved')))
        .orderBy(desc(targetVersions.version))
        .limit(1);
      const content = (v?.content ?? { overallGoal: t.overallGoal, indicators: t.indicators }) as {
        overallGoal: string;
        indicators: Array<ContentLine & { dimension?: keyof typeof DEPARTMENT_DIMENSIONS.labels }>;
      };
      out.push({
        subject: { kind: 'department', id: d.id },
        block: {
          section: 'department_targets',
          title: '部门整体绩效目标',
          fields: [
            { label: '总体目标', value: content.overallGoal, visibility: 'public' },
            { label: '审核意见', value: v?.opinion ?? null, visibility: 'internal' },
          ],
          table: {
            columns: [
              { label: '维度', visibility: 'public' },
              { label: '指标名称', visibility: 'public' },
              { label: '目标值', visibility: 'public' },
              { label: '权重', visibility: 'public' },
            ],
            rows: content.indicators.map((l) => [
              l.dimension ? DEPARTMENT_DIMENSIONS.labels[l.dimension] : '',
              l.name,
              targetText(l),
              l.weight ?? null,
            ]),
          },
          metrics: { indicators: content.indicators.length },
        },
      });
    }
    return out;
  },
};

/** 预算执行: paid against the budget of each selected item (the year's payments). */
const executionSection: PublicationSectionProvider = {
  section: 'execution',
  title: '预算执行情况',
  async collect(ctx) {
    const out: SectionContribution[] = [];
    for (const item of ctx.items) {
      const s = await executionSummary(ctx.db, item.id, ctx.fiscalYear);
      const rate =
        item.approvedAmountFen > 0 ? Math.round((s.paidFen / item.approvedAmountFen) * 1000) / 10 : 0;
      out.push({
        subject: { kind: 'item', id: item.id },
        block: {
          section: 'execution',
          title: '预算执行',
          fields: [
            { label: '预算金额', value: formatWanYuan(item.approvedAmountFen), visibility: 'public' },
            { label: '已支出', value: formatWanYuan(s.paidFen), visibility: 'public' },
            { label: '执行率', value: `${rate}%`, visibility: 'public' },
            { label: '最近支付日期', value: s.lastPaidOn, visibility: 'public' },
          ],
          metrics: { budgetFen: item.approvedAmountFen, paidFen: s.paidFen },
        },
      });
    }
    return out;
  },
};

/** 整改情况 (DI-2): the rectification tasks on each selected item and where they stand. */
const rectificationSection: PublicationSectionProvider = {
  section: 'rectification',
  title: '问题整改情况',
  async collect(ctx) {
    const out: SectionContribution[] = [];
    for (const item of ctx.items) {
      const tasks = await ctx.db
        .select({ t: rectificationTasks, assignee: users.name })
        .from(rectificationTasks)
        .innerJoin(users, eq(users.id, rectificationTasks.assigneeUserId))
        .where(eq(rectificationTasks.itemId, item.id))
        .orderBy(asc(rectificationTasks.id));
      const live = tasks.filter((r) => r.t.status !== 'cancelled');
      if (live.length === 0) continue;
      const done = live.filter((r) => r.t.status === 'accepted').length;
      out.push({
        subject: { kind: 'item', id: item.id },
        block: {
          section: 'rectification',
          title: '问题整改',
          fields: [
            { label: '整改事项', value: `${live.length} 项`, visibility: 'public' },
            { label: '已完成整改', value: `${done} 项`, visibility: 'public' },
          ],
          table: {
            columns: [
              { label: '整改要求', visibility: 'public' },
              { label: '整改期限', visibility: 'public' },
              { label: '状态', visibility: 'public' },
              { label: '整改责任人', visibility: 'personal' },
              { label: '验收意见', visibility: 'internal' },
            ],
            rows: live.map((r) => [
              r.t.requirement,
              r.t.deadline,
              RECTIFICATION_STATUS_LABELS[r.t.status],
              r.assignee,
              r.t.reviewComment,
            ]),
          },
          metrics: { tasks: live.length, tasksDone: done },
        },
      });
    }
    return out;
  },
  async personalNames(ctx) {
    if (ctx.items.length === 0) return [];
    const rows = await ctx.db
      .select({ name: users.name })
      .from(rectificationTasks)
      .innerJoin(users, eq(users.id, rectificationTasks.assigneeUserId))
      .where(
        inArray(
          rectificationTasks.itemId,
          ctx.items.map((i) => i.id),
        ),
      );
    return rows.map((r) => r.name);
  },
};

/**
 * The sections a publication is made of, in the order the public pages show them. The results of
 * key evaluations (issue 12) are read by `evaluationResultsSection` once their table exists.
 */
export const DEFAULT_SECTION_PROVIDERS: readonly PublicationSectionProvider[] = [
  departmentTargetsSection,
  itemTargetsSection,
  executionSection,
  evaluationResultsSection,
  rectificationSection,
];
