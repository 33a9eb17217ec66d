import {
  acceptsReports,
  type FieldIssue,
  type IndicatorReportInput,
  InputError,
  ITEM_STATES,
  parseIsoDate,
  quantitativeCompletion,
  TransitionRefusedError,
  targetRisk,
} from '@jixiao/core';
import { eq } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Tx } from '../client.ts';
import { type ItemRow, lockItemForWrite } from '../items/item-queries.ts';
import { type Platform, today } from '../platform.ts';
import { indicatorReports, indicators, performanceTargets } from '../schema/index.ts';
import { toReportRow } from '../targets/target-queries.ts';

function fail(path: string, message: string): never {
  throw new InputError(`字段 ${path}：${message}`, [{ path, message }]);
}

/** Checks and inserts one indicator report in the caller's transaction. */
async function insertIndicatorReport(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  input: IndicatorReportInput,
) {
  const rows = await tx
    .select({ ind: indicators, target: performanceTargets })
    .from(indicators)
    .innerJoin(performanceTargets, eq(performanceTargets.id, indicators.targetId))
    .where(eq(indicators.id, input.indicatorId))
    .limit(1);
  const found = rows[0];
  if (!found || found.ind.itemId !== item.id)
    fail('indicatorId', `指标 ${input.indicatorId} 不属于项目“${item.name}”`);
  const { ind, target } = found;
  if (!acceptsReports(item.state)) {
    throw new TransitionRefusedError(
      `项目当前为“${ITEM_STATES.labels[item.state]}”，执行期内才能填报指标完成情况`,
    );
  }
  if (target.status !== 'approved') fail('indicatorId', '该指标所属的绩效目标尚未审核通过');
  const year = target.fiscalYear ?? item.currentFiscalYear;
  if (parseIsoDate(input.reportedOn).year !== year) fail('reportedOn', `填报日期须在${year}年内`);
  if (input.reportedOn > today(platform)) fail('reportedOn', '填报日期不能晚于今天');

  const issues: FieldIssue[] = [];
  if (ind.operator === 'qualitative') {
    if (!input.qualitativeStatus)
      issues.push({ path: 'qualitativeStatus', message: '定性指标须填写完成情况（达成/部分达成/未达成）' });
    if (input.actualValue !== undefined) issues.push({ path: 'actualValue', message: '定性指标不填写数值' });
  } else {
    if (input.actualValue === undefined)
      issues.push({ path: 'actualValue', message: '定量指标须填写完成值' });
    if (input.qualitativeStatus)
      issues.push({ path: 'qualitativeStatus', message: '定量指标不填写定性完成情况' });
    const floor = Math.min(0, ind.targetValue ?? 0, ind.targetMin ?? 0);
    if (input.actualValue !== undefined && input.actualValue < floor) {
      issues.push({ path: 'actualValue', message: `完成值不能为负数（${ind.name}）` });
    }
    if (input.forecastValue !== undefined && input.forecastValue < floor) {
      issues.push({ path: 'forecastValue', message: '预计全年完成值不能为负数' });
    }
  }
  // A target at risk (an orange or red warning, core `targetRisk`) must come with a cause and a remedy (MO-5).
  const forecastCompletion =
    input.forecastValue !== undefined && ind.operator !== 'qualitative'
      ? quantitativeCompletion(ind, input.forecastValue)
      : null;
  const risk = targetRisk(
    {
      completion: forecastCompletion,
      likelihood: input.likelihood ?? null,
      qualitativeStatus: input.qualitativeStatus ?? null,
    },
    platform.config,
  );
  if (risk === 'orange' || risk === 'red') {
    if (!input.deviationReason)
      issues.push({ path: 'deviationReason', message: '目标有完不成的风险，须选择偏差原因' });
    if (!input.correctiveMeasure)
      issues.push({ path: 'correctiveMeasure', message: '目标有完不成的风险，须填写纠偏措施' });
  }
  if (issues.length > 0) {
    const first = issues[0] as FieldIssue;
    throw new InputError(`字段 ${first.path}：${first.message}`, issues);
  }
  const values = {
    indicatorId: ind.id,
    itemId: item.id,
    fiscalYear: year,
    reportedOn: input.reportedOn,
    actualValue: input.actualValue ?? null,
    qualitativeStatus: input.qualitativeStatus ?? null,
    forecastValue: input.forecastValue ?? null,
    likelihood: input.likelihood ?? null,
    deviationReason: input.deviationReason ?? null,
    deviationNote: input.deviationNote ?? null,
    correctiveMeasure: input.correctiveMeasure ?? null,
    reportedBy: actor.userId,
  };
  const inserted = await tx.insert(indicatorReports).values(values).returning();
  const row = inserted[0] as typeof indicatorReports.$inferSelect;
  await appendAudit(
    tx,
    [
      {
        actor,
        action: 'indicator.report',
        entityType: 'indicator_report',
        entityId: row.id,
        itemId: item.id,
        after: values,
      },
    ],
    platform.now(),
  );
  return toReportRow(row);
}

export async function reportIndicator(
  platform: Platform,
  actor: Actor,
  itemId: number,
  input: IndicatorReportInput,
) {
  requirePermission(actor, 'reports.write');
  return platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, itemId, 'reports.write');
    return insertIndicatorReport(platform, tx, actor, item, input);
  });
}
