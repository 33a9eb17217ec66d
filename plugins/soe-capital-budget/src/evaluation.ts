import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** SOE-capital budget evaluation (EV-7 dimensions; F-4). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '国有资本经营预算绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        { name: '预算编制', weight: 5, scoring: '以收定支、不列赤字得5分，列赤字不得分' },
        { name: '支出方向', weight: 5, scoring: '支出投向符合国家战略和重点领域得5分，酌情扣分' },
        { name: '绩效目标', weight: 5, scoring: '目标明确、指标量化得5分，每缺一方面扣2分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        { name: '收益收缴管理', weight: 8, scoring: '按规定比例足额及时收缴得8分，每少收1%扣1分' },
        { name: '支出执行', weight: 7, scoring: '预算执行率×7分' },
        { name: '资产监管', weight: 5, scoring: '注资形成资产登记完整、监管到位得5分，酌情扣分' },
      ],
    },
    {
      name: '产出',
      weight: 30,
      lines: [
        { name: '收益收缴', weight: 10, scoring: '收缴率×10分' },
        { name: '注资项目完成', weight: 12, scoring: '注资项目完成率×12分' },
        { name: '时效', weight: 8, scoring: '按时上缴、按期完成得8分，逾期每项扣2分' },
      ],
    },
    {
      name: '效益',
      weight: 35,
      lines: [
        { name: '调入一般公共预算', weight: 12, scoring: '调入比例不低于30%得12分，每低1个百分点扣1分' },
        { name: '保值增值', weight: 10, scoring: '保值增值率≥100%得10分，按比例计分' },
        { name: '充实社保', weight: 8, scoring: '划转比例达到10%得8分，按比例计分' },
        { name: '出资企业满意度', weight: 5, scoring: '满意度≥85%得5分，每低1个百分点扣0.25分' },
      ],
    },
  ],
};
