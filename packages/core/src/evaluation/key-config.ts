import { z } from 'zod';

const checklistItem = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1).max(60),
  points: z.number().positive(),
});

const DEFAULT_CHECKLIST = [
  { key: 'basis', name: '评价依据充分、资料核实到位', points: 20 },
  { key: 'indicators', name: '指标体系科学合理、评分标准明确', points: 20 },
  { key: 'data', name: '数据真实可靠、证据充分', points: 20 },
  { key: 'conclusion', name: '评价结论客观公正', points: 20 },
  { key: 'recommendations', name: '问题和建议具体可操作', points: 10 },
  { key: 'timeliness', name: '按时保质完成', points: 10 },
];

/**
 * 重点评价 and the expert and institution library (seed §九, §十三; DI-3 财监〔2021〕4号): the
 * checklist the finance bureau scores a job's quality on after every job (out of 100 in total).
 */
export const keyEvaluationConfigSchema = z
  .strictObject({
    qualityChecklist: z
      .array(checklistItem)
      .min(1)
      .refine((l) => new Set(l.map((i) => i.key)).size === l.length, '质量评分项的 key 不能重复')
      .refine((l) => Math.abs(l.reduce((s, i) => s + i.points, 0) - 100) < 1e-9, '质量评分项合计须为100分')
      .default(DEFAULT_CHECKLIST),
    /** Misconduct (弄虚作假、泄露信息等) removes from the library at once; otherwise it suspends. */
    misconductRemoves: z.boolean().default(true),
  })
  .default({ qualityChecklist: DEFAULT_CHECKLIST, misconductRemoves: true });
export type KeyEvaluationConfig = z.output<typeof keyEvaluationConfigSchema>;
