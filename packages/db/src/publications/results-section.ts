import { GRADES, type RawBlock } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../client.ts';
import type { PublicationSectionProvider, SectionContribution } from './sections.ts';

interface ResultRow {
  id: number;
  kind: string;
  item_id: number | null;
  org_unit_id: number;
  score: number | null;
  grade: keyof typeof GRADES.labels | null;
  findings: string | null;
  recommendations: string | null;
  comment: string | null;
  accepted_on: string | null;
}

/**
 * 评价结果 (DI-1): the accepted key evaluations (重点评价, issue 12) of the selected items and
 * departments: grade, score, main findings and recommendations public; the reviewer's comment
 * internal. Reads `key_evaluations` by SQL and says nothing where that table does not exist yet, so
 * it is wired in before the evaluation work is merged.
 */
export const evaluationResultsSection: PublicationSectionProvider = {
  section: 'evaluation_results',
  title: '绩效评价结果',
  async collect(ctx) {
    const [exists] = await queryRows<{ ok: boolean }>(
      ctx.db,
      sql`select to_regclass('key_evaluations') is not null as ok`,
    );
    if (!exists?.ok) return [];
    const itemIds = ctx.items.map((i) => i.id);
    const deptIds = ctx.departments.map((d) => d.id);
    if (itemIds.length === 0 && deptIds.length === 0) return [];
    const rows = await queryRows<ResultRow>(
      ctx.db,
      sql`select id, kind, item_id, org_unit_id, score, grade, findings, recommendations, comment,
                 (accepted_at at time zone 'Asia/Shanghai')::date::text as accepted_on
            from key_evaluations
           where status = 'accepted' and fiscal_year <= ${ctx.fiscalYear}::int
             and (item_id = any(${`{${itemIds.join(',')}}`}::int[])
                  or (kind = 'department' and org_unit_id = any(${`{${deptIds.join(',')}}`}::int[])))
           order by fiscal_year desc, id desc`,
    );
    const out: SectionContribution[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      const subject =
        r.item_id !== null
          ? ({ kind: 'item', id: Number(r.item_id) } as const)
          : ({ kind: 'department', id: Number(r.org_unit_id) } as const);
      const key = `${subject.kind}:${subject.id}`;
      if (seen.has(key)) continue; // the latest accepted evaluation of each
      seen.add(key);
      const block: RawBlock = {
        section: 'evaluation_results',
        title: '绩效评价结果',
        fields: [
          { label: '评价等级', value: r.grade ? GRADES.labels[r.grade] : null, visibility: 'public' },
          {
            label: '评价得分',
            value: r.score === null ? null : Math.round(Number(r.score) * 10) / 10,
            visibility: 'public',
          },
          { label: '主要发现', value: r.findings, visibility: 'public' },
          { label: '改进建议', value: r.recommendations, visibility: 'public' },
          { label: '评价验收日期', value: r.accepted_on, visibility: 'public' },
          { label: '审核意见', value: r.comment, visibility: 'internal' },
        ],
        metrics: r.grade ? { [`grade_${r.grade}`]: 1 } : {},
      };
      out.push({ subject, block });
    }
    return out;
  },
};
