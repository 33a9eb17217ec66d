import type { ExAnteDimensionTemplate } from '@jixiao/plugin-kit';

/** What a PPP project's ex-ante assessment must also establish (景党发〔2019〕18号§十一 PPP). */
export const exAnteDimensions: readonly ExAnteDimensionTemplate[] = [
  {
    id: 'value-for-money',
    name: '物有所值评价',
    guidance: '物有所值定性评价得分不低于通过线，定量评价PPP值不高于公共部门比较值（PSC）。',
    source: '财金〔2015〕167号（PP-5）',
  },
  {
    id: 'fiscal-affordability',
    name: '财政承受能力论证',
    guidance: '本级全部PPP项目从一般公共预算列支的年度支出责任不超过当年一般公共预算支出的10%。',
    source: '财金〔2015〕21号（PP-1）',
  },
];
