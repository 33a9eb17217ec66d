import { z } from 'zod';

const DIMENSION_ID = /^[a-z][A-Za-z0-9]*$/;

/** One scored dimension of an ex-ante assessment, with the guidance assessors score against. */
export const exAnteDimensionSchema = z.object({
  id: z.string().regex(DIMENSION_ID, '维度编号须为字母开头的字母数字'),
  /** Name for projects. */
  name: z.string().min(1),
  /** Name for policies (EA-1 adapts the names: 政策设立必要性 …). */
  policyName: z.string().min(1),
  /** Points the dimension carries; the dimensions add up to 100. */
  weight: z.number().positive().max(100),
  guidance: z.string().min(1),
});
export type ExAnteDimension = z.output<typeof exAnteDimensionSchema>;

/** EA-1 five dimensions, EA-4 20 points each; guidance after 财预〔2021〕101号-era municipal score sheets. */
const DEFAULT_EX_ANTE_DIMENSIONS: readonly ExAnteDimension[] = [
  {
    id: 'necessity',
    name: '立项必要性',
    policyName: '政策设立必要性',
    weight: 20,
    guidance:
      '是否符合国家和本地发展规划与部门职能；是否属于财政支持范围；需求是否真实迫切；与现有政策、项目是否交叉重复。',
  },
  {
    id: 'economy',
    name: '投入经济性',
    policyName: '保障充分性',
    weight: 20,
    guidance: '投入规模与产出、效益是否匹配；成本测算依据是否充分、标准是否合理；有无更经济的替代方案。',
  },
  {
    id: 'targetSoundness',
    name: '绩效目标合理性',
    policyName: '目标合理性',
    weight: 20,
    guidance: '绩效目标是否明确、细化、量化，与项目内容和资金规模相匹配；指标值是否有依据、可实现、可考核。',
  },
  {
    id: 'feasibility',
    name: '实施方案可行性',
    policyName: '可持续性',
    weight: 20,
    guidance: '实施方案、组织管理、进度安排、风险防控是否完备可行；前期工作是否到位；后续运营维护有无保障。',
  },
  {
    id: 'financingCompliance',
    name: '筹资合规性',
    policyName: '资金合规性',
    weight: 20,
    guidance: '资金来源是否合法合规、渠道明确；财政事权与支出责任是否匹配；有无违规举债或变相融资。',
  },
];

const weightsAddUp = (dims: readonly ExAnteDimension[]) =>
  Math.round(dims.reduce((s, d) => s + d.weight, 0) * 100) === 10_000;

/**
 * 事前绩效评估: which items need one (EA-2, 景党发〔2019〕18号§六), what it scores (EA-1, EA-4)
 * and how the total maps to a conclusion (EA-3).
 */
export const exAnteConfigSchema = z
  .object({
    scope: z
      .object({
        /** New major policies and projects (`isNewMajor`). */
        newMajor: z.boolean().default(true),
        /** New items at or above this amount (fen); 500万元 by default. */
        newItemMinFen: z.int().min(0).default(500_000_000),
        /** New basic-construction investment, whatever the amount. */
        newCapitalConstruction: z.boolean().default(true),
      })
      .default({ newMajor: true, newItemMinFen: 500_000_000, newCapitalConstruction: true }),
    dimensions: z
      .array(exAnteDimensionSchema)
      .min(1)
      .max(20)
      .refine(weightsAddUp, '事前评估各维度分值合计须为100')
      .refine((d) => new Set(d.map((x) => x.id)).size === d.length, '事前评估维度编号重复')
      .default([...DEFAULT_EX_ANTE_DIMENSIONS]),
    /** Lower bounds (inclusive) of the total for 予以支持 and 调整完善后予以支持; below is 不予支持. */
    bands: z
      .object({
        support: z.number().min(0).max(100).default(80),
        supportAfterRevision: z.number().min(0).max(100).default(60),
      })
      .refine(
        (b) => b.support >= b.supportAfterRevision,
        '予以支持的分数线不能低于调整完善后予以支持的分数线',
      )
      .default({ support: 80, supportAfterRevision: 60 }),
    /** The assessment report must be attached before submission (EA-2: required attachment). */
    requireReport: z.boolean().default(true),
  })
  .default({
    scope: { newMajor: true, newItemMinFen: 500_000_000, newCapitalConstruction: true },
    dimensions: [...DEFAULT_EX_ANTE_DIMENSIONS],
    bands: { support: 80, supportAfterRevision: 60 },
    requireReport: true,
  });
