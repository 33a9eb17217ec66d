import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** General-budget evaluation (EV-7 dimensions; F-4 revenue and spending focus). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '一般公共预算绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        {
          name: '收入预期合理性',
          weight: 5,
          scoring: '收入增长预期不高于经济增长预期加容差得5分，超出不得分',
        },
        { name: '支出安排', weight: 5, scoring: '符合事权与支出责任划分、重点突出得5分，酌情扣分' },
        { name: '绩效目标', weight: 5, scoring: '目标明确、指标细化量化得5分，每缺一方面扣2分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        { name: '依法征收', weight: 8, scoring: '无收过头税费、无年末突击征收得8分，发现一处扣4分' },
        { name: '预算执行', weight: 7, scoring: '执行进度不落后序时进度得7分，每落后5个百分点扣1分' },
        { name: '存量资金管理', weight: 5, scoring: '结转两年以上资金全部收回统筹得5分，未收回不得分' },
      ],
    },
    {
      name: '产出',
      weight: 35,
      lines: [
        { name: '收入完成', weight: 10, scoring: '收入完成率在95%–105%之间得10分，超出区间每1个百分点扣1分' },
        { name: '收入质量', weight: 10, scoring: '税收收入占比不低于70%得10分，每低1个百分点扣1分' },
        { name: '支出任务完成', weight: 10, scoring: '项目产出完成率×10分' },
        { name: '成本控制', weight: 5, scoring: '三公经费、结转结余控制在目标内得5分，每超一项扣2分' },
      ],
    },
    {
      name: '效益',
      weight: 30,
      lines: [
        { name: '经济效益', weight: 10, scoring: '减税降费政策落实到位、效果评估完成得10分，酌情扣分' },
        { name: '社会效益', weight: 10, scoring: '“三保”支出足额保障得10分，出现缺口不得分' },
        { name: '服务对象满意度', weight: 10, scoring: '满意度≥90%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
