import { DomainError, parsePrintedValue } from '@jixiao/core';
import { type Actor, loadActor, type Platform, queryRows, systemActor } from '@jixiao/db';
import {
  actOnSelfEvaluation,
  prepareItemSelfEvaluation,
  recordSelfEvaluation,
  type SelfEvaluationRow,
} from '@jixiao/db/self-evaluations';
import { drawSpotCheck, reviewSpotCheckEntry } from '@jixiao/db/spot-checks';
import { sql } from 'drizzle-orm';

/** The state each of the prior year's sampled items is left in, in order (the rest are received). */
const STATES = ['draft', 'submitted', 'confirmed', 'returned', 'draft', 'submitted'] as const;
/** Completion of every line (1 = met), per item in turn: most met, some short with reasons. */
const COMPLETIONS = [1, 0.96, 1, 0.88, 1, 0.92, 1, 0.8];
const REASONS = ['征地拆迁进度滞后，部分工程延期开工', '原材料价格上涨，采购数量减少', '受汛期影响工期顺延'];

interface Candidate {
  id: number;
  officer: number | null;
}

export function actualFor(target: string | null, completion: number): string {
  const p = parsePrintedValue(target);
  if (!p) return '达成';
  if (p.kind === 'text') return completion >= 1 ? p.text : '基本达成';
  const base = p.kind === 'range' ? p.max : p.value;
  const reverse = target?.startsWith('≤') ?? false;
  const v = reverse ? base / completion : base * completion;
  return `${Math.round(v * 100) / 100}${p.unit}`;
}

async function actorOf(platform: Platform, userId: number | null): Promise<Actor | null> {
  return userId === null ? null : loadActor(platform.db, userId);
}

/**
 * 上年度绩效自评 for the demo: the prior year's finished items are self-evaluated through the
 * services as their departments' officers would (some still being filled in, submitted,
 * confirmed, returned; most received by the finance bureau), then the finance bureau's spot check
 * draws a sample and two re-scores find distortions (失真), which open rectification tasks.
 */
export async function loadDemoSelfEvaluations(platform: Platform, fiscalYear: number): Promise<void> {
  const year = fiscalYear - 1;
  const candidates = await queryRows<Candidate>(
    platform.db,
    sql`select bi.id,
               (select u.id from users u join org_units uo on uo.id = u.org_unit_id
                 where 'dept_officer' = any(u.roles) and o.path like uo.path || '%' and u.active
                 order by length(uo.path) desc, u.id limit 1) as officer
        from budget_items bi join org_units o on o.id = bi.org_unit_id
        where bi.current_fiscal_year = ${year}::int and bi.kind <> 'department_wide'
          and bi.state in ('self_evaluated', 'evaluated', 'closed')
          and exists (select 1 from performance_targets pt where pt.item_id = bi.id and pt.status = 'approved')
        order by bi.id limit 24`,
  );
  const [admin] = await queryRows<{ id: number }>(
    platform.db,
    sql`select id from users where 'finance_admin' = any(roles) order by id limit 1`,
  );
  const finance = (await actorOf(platform, admin?.id ?? null)) ?? systemActor('财政局');
  const [auditorRow] = await queryRows<{ id: number }>(
    platform.db,
    sql`select id from users where 'auditor' = any(roles) order by id limit 1`,
  );
  const auditor = (await actorOf(platform, auditorRow?.id ?? null)) ?? finance;
  let n = 0;
  for (const c of candidates) {
    const officer = await actorOf(platform, c.officer);
    if (!officer) continue;
    try {
      const se = await prepareItemSelfEvaluation(platform, officer, c.id, year);
      const completion = COMPLETIONS[n % COMPLETIONS.length] ?? 1;
      const target = STATES[n] ?? 'accepted';
      await fill(platform, officer, se, completion, target === 'draft' && n % 2 === 0);
      if (target !== 'draft') await actOnSelfEvaluation(platform, officer, se.id, 'submit');
      if (target === 'returned') {
        await actOnSelfEvaluation(
          platform,
          officer,
          se.id,
          'return',
          '佐证材料不全，请补充验收报告后重新提交',
        );
      }
      if (target === 'confirmed' || target === 'accepted')
        await actOnSelfEvaluation(platform, officer, se.id, 'confirm');
      if (target === 'accepted') await actOnSelfEvaluation(platform, finance, se.id, 'accept');
      n++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
  try {
    const check = await drawSpotCheck(platform, finance, { fiscalYear: year, seed: 20_250_415 });
    // Two distortions: the evidence supports far less than was claimed; the rest stand.
    const [first, second, ...rest] = check.entries.filter((e) => e.selfScore !== null);
    const review = (e: (typeof check.entries)[number], score: number, note: string) =>
      reviewSpotCheckEntry(platform, auditor, check.id, e.id, { score, note });
    if (first)
      await review(
        first,
        Math.max(0, (first.selfScore ?? 0) - 18),
        '受益人数和完工面积无验收资料佐证，按核实数重新计分',
      );
    if (second)
      await review(
        second,
        Math.max(0, (second.selfScore ?? 0) - 12),
        '满意度调查样本不足，按实际问卷结果计分',
      );
    for (const e of rest.slice(0, 2)) await review(e, e.selfScore ?? 0, '与佐证材料一致');
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
  }
}

/** Fills a self-evaluation's lines: every third line at `completion`, the rest met, with reasons for the short ones. */
export async function fill(
  platform: Platform,
  officer: Actor,
  se: SelfEvaluationRow,
  completion: number,
  partly: boolean,
): Promise<void> {
  const lines = se.lines.slice(0, partly ? Math.ceil(se.lines.length / 2) : se.lines.length);
  await recordSelfEvaluation(platform, officer, se.id, {
    lines: lines.map((l, row) => {
      const c = row % 3 === 0 ? completion : 1;
      return {
        row,
        actual: actualFor(l.target, c),
        deviationReason: c < 1 ? (REASONS[row % REASONS.length] ?? null) : null,
      };
    }),
    measures: completion < 1 ? '加强项目调度，按月通报进度，确保下年度按期完成' : '',
  });
}
