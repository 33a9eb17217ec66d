import { budgetDeadline, DomainError } from '@jixiao/core';
import { type Actor, loadActor, type Platform, queryRows, schema, today } from '@jixiao/db';
import { uploadAssessmentReport } from '@jixiao/db/assessments';
import { attachFile, DEFAULT_ATTACHMENT_LIMITS } from '@jixiao/db/attachments';
import { getItem } from '@jixiao/db/items';
import { acknowledgeNotice, recordNoticeDelivery } from '@jixiao/db/notices';
import { projectTargetFormOf, queueTargetReminders, submitTarget } from '@jixiao/db/target-reviews';
import {
  DEFAULT_WORKBOOK_LIMITS,
  parseProjectTargetForms,
  projectTargetWorkbook,
  readWorkbook,
  WorkbookProblems,
} from '@jixiao/forms';
import { and, eq, like, sql } from 'drizzle-orm';

export interface DemoTargetExamples {
  /** The version submitted from an edited 申报表 (null when no item was ready for it). */
  importedVersionId: number | null;
  /** The 预算编报提醒 notices sent, and how many were signed for. */
  reminders: number;
  acknowledged: number;
  /** Attachments stored: an ex-ante assessment report, evidence on a target. */
  attachments: number;
}

const actorOf = async (platform: Platform, userId: number) => (await loadActor(platform.db, userId)) as Actor;

/** A small PDF whose text is `title` (the attachment check decides the type by content). */
function pdf(title: string): Uint8Array {
  const body = `%PDF-1.4\n1 0 obj << /Title (${title}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

const isoDay = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The 申报表 an officer exported, edited as officials do (a target value raised in its cell)
 * and imported: read and checked like an uploaded workbook, then submitted for review — a draft
 * target if one can be submitted, else a returned one sent again with the fix.
 */
async function submitFromEditedForm(
  platform: Platform,
): Promise<{ versionId: number; itemId: number } | null> {
  const candidates = await queryRows<{ item_id: number; officer_id: number }>(
    platform.db,
    sql`select bi.id as item_id, min(u.id) as officer_id from budget_items bi
        join org_units o on o.id = bi.org_unit_id
        join performance_targets pt on pt.item_id = bi.id and pt.fiscal_year = bi.current_fiscal_year
          and pt.status in ('draft', 'returned')
        join users u on 'dept_officer' = any(u.roles) and u.active
        join org_units uo on uo.id = u.org_unit_id and o.path like uo.path || '%'
        where bi.state not in ('terminated', 'closed') and bi.fiscal_year_start = bi.fiscal_year_end
          and not exists (select 1 from ex_ante_requirements q where q.item_id = bi.id)
        group by bi.id
        -- Items that need no ex-ante assessment, or whose assessment was accepted, can submit.
        order by bool_or(pt.status = 'draft') desc, bool_or(bi.is_new or bi.is_new_major or bi.is_capital_construction),
                 not exists (select 1 from ex_ante_assessments a where a.item_id = bi.id and a.status = 'accepted'),
                 bi.id
        limit 20`,
  );
  for (const c of candidates) {
    const officer = await actorOf(platform, c.officer_id);
    const item = await getItem(platform.db, officer, c.item_id);
    const exported = await projectTargetWorkbook(
      await projectTargetFormOf(platform.db, item, item.currentFiscalYear),
    );
    const sheets = await readWorkbook(exported, DEFAULT_WORKBOOK_LIMITS);
    // The edit: the first "≥ n" value raised by a tenth, as written in its cell.
    let edited = false;
    for (const row of sheets[0]?.rows ?? []) {
      const at = row.findIndex((cell) => /^≥\d+(\.\d+)?\D*$/u.test(cell));
      if (at < 0 || edited) continue;
      const cell = row[at] as string;
      const n = Number(/\d+(\.\d+)?/.exec(cell)?.[0]);
      row[at] = cell.replace(/\d+(\.\d+)?/, String(Math.round(n * 1.1 * 100) / 100));
      edited = true;
    }
    const problems = new WorkbookProblems();
    const [form] = parseProjectTargetForms(sheets, problems);
    if (!edited || !form || problems.count > 0) continue;
    try {
      const version = await submitTarget(platform, officer, item.id, {
        fiscalYear: item.currentFiscalYear,
        overallGoal: form.overallGoal,
        indicators: form.indicators,
        note: '按导出的申报表修改后导入报送',
      });
      return { versionId: version.id, itemId: item.id };
    } catch (err) {
      // A target the quality checks or the ex-ante gate refuse is left as it was; try the next.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  return null;
}

/**
 * 预算编报提醒 as the scheduler sent them a few days before the last budget deadline that has
 * passed (officers with items of that year still lacking a submitted target), recorded as the
 * worker records a delivered notice; the first recipient has signed for it with 收到.
 */
async function sendReminders(platform: Platform): Promise<{ reminders: number; acknowledged: number }> {
  const now = today(platform);
  const years = await queryRows<{ fy: number }>(
    platform.db,
    sql`select distinct current_fiscal_year as fy from budget_items where state in ('draft', 'assessed')
        order by fy desc`,
  );
  const fy = years
    .map((y) => Number(y.fy))
    .find((y) => budgetDeadline(y, platform.config.budgetPreparation) < now);
  if (fy === undefined) return { reminders: 0, acknowledged: 0 };
  const on = isoDay(budgetDeadline(fy, platform.config.budgetPreparation), -5);
  const at = new Date(`${on}T01:00:00Z`);
  await queueTargetReminders(platform.db, platform.config, { today: on, now: at });
  const queued = await platform.db
    .select()
    .from(schema.outbox)
    .where(and(eq(schema.outbox.kind, 'target_reminder'), like(schema.outbox.dedupeKey, `%:${fy}:${on}`)));
  for (const row of queued) {
    await recordNoticeDelivery(platform.db, {
      subject: `target_reminder:${fy}`,
      event: `reminder:${on}`,
      recipientUserId: row.recipientUserId as number,
      at,
      nextResendAt: null,
    });
    await platform.db
      .update(schema.outbox)
      .set({ status: 'sent', sentAt: at })
      .where(eq(schema.outbox.id, row.id));
  }
  const first = queued[0]?.recipientUserId;
  const signed =
    first == null
      ? null
      : await acknowledgeNotice(platform, await actorOf(platform, first), {
          subject: `target_reminder:${fy}`,
          via: 'reply',
        });
  return { reminders: queued.length, acknowledged: signed ? 1 : 0 };
}

/** An assessment report uploaded by a department assessing its own item, and evidence on a target. */
async function attachExamples(platform: Platform, targetItemId: number | null): Promise<number> {
  let n = 0;
  const [assessment] = await queryRows<{ id: number; assessed_by: number }>(
    platform.db,
    sql`select a.id, a.assessed_by from ex_ante_assessments a
        where a.status in ('draft', 'returned') and a.assessor = 'department' and a.assessed_by is not null
        order by a.id limit 1`,
  );
  if (assessment) {
    await uploadAssessmentReport(
      platform,
      await actorOf(platform, assessment.assessed_by),
      assessment.id,
      { fileName: '事前绩效评估报告.pdf', bytes: pdf('Ex-ante assessment report') },
      DEFAULT_ATTACHMENT_LIMITS,
    );
    n++;
  }
  if (targetItemId !== null) {
    const [officer] = await queryRows<{ id: number }>(
      platform.db,
      sql`select submitted_by as id from target_versions where item_id = ${targetItemId} order by id desc limit 1`,
    );
    if (officer) {
      await attachFile(
        platform,
        await actorOf(platform, officer.id),
        {
          itemId: targetItemId,
          purpose: 'target_material',
          fileName: '绩效目标测算依据.pdf',
          bytes: pdf('Target basis'),
        },
        DEFAULT_ATTACHMENT_LIMITS,
      );
      n++;
    }
  }
  return n;
}

/**
 * The forms, reminders and attachments of targets in the demo city, through the services: a
 * target submitted from an edited 申报表, the 预算编报提醒 sent (one signed for), an assessment
 * report and a target's evidence attached.
 */
export async function loadDemoTargetExamples(platform: Platform): Promise<DemoTargetExamples> {
  const imported = await submitFromEditedForm(platform);
  const { reminders, acknowledged } = await sendReminders(platform);
  const attachments = await attachExamples(platform, imported?.itemId ?? null);
  return { importedVersionId: imported?.versionId ?? null, reminders, acknowledged, attachments };
}
