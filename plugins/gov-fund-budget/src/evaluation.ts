import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Government-fund budget evaluation (EV-7 dimensions; F-4). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '政府性基金预算绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        {
          name: '设立（延续）依据',
          weight: 5,
          scoring: '有法律法规或国务院批准依据且在征收期限内得5分，否则不得分',
        },
        { name: '征收标准', weight: 5, scoring: '征收标准合规、按规定调整得5分，每发现一处违规扣2分' },
        { name: '绩效目标', weight: 5, scoring: '目标明确、含偿债保障指标得5分，酌情扣分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        { name: '收入征缴', weight: 7, scoring: '收入完成率×7分' },
        { name: '以收定支', weight: 8, scoring: '支出不超过可用收入得8分，超支不得分' },
        {
          name: '结转资金统筹',
          weight: 5,
          scoring: '结转超过30%的部分全部调入一般公共预算得5分，未调入不得分',
        },
      ],
    },
    {
      name: '产出',
      weight: 30,
      lines: [
        { name: '项目完成', weight: 12, scoring: '项目完成率×12分' },
        { name: '质量达标', weight: 10, scoring: '项目验收合格得10分，不合格每项扣3分' },
        { name: '时效', weight: 8, scoring: '支出执行率≥90%得8分，每低5个百分点扣2分' },
      ],
    },
    {
      name: '效益',
      weight: 35,
      lines: [
        { name: '经济社会效益', weight: 15, scoring: '基金项目按期发挥效益得15分，部分发挥9分，未发挥0分' },
        { name: '专项债偿还保障', weight: 12, scoring: '保障倍数≥1.2得12分，1至1.2得8分，低于1不得分' },
        { name: '服务对象满意度', weight: 8, scoring: '满意度≥85%得8分，每低1个百分点扣0.4分' },
      ],
    },
  ],
};
