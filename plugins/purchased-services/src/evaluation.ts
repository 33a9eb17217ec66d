import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Purchased-services evaluation (EV-7 dimensions; 财政部令第102号). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '政府购买服务绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        { name: '购买内容合规性', weight: 5, scoring: '属于指导性目录且不含工程、融资得5分，否则不得分' },
        {
          name: '承接主体选择',
          weight: 5,
          scoring: '按政府采购程序择优确定承接主体得5分，程序瑕疵每处扣1分',
        },
        { name: '绩效目标', weight: 5, scoring: '购买需求明确、指标可考核得5分，缺质量或满意度指标各扣2分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        { name: '合同管理', weight: 8, scoring: '合同期限合规、权利义务明确得8分，超期限不得分' },
        { name: '按效付费', weight: 7, scoring: '按绩效评价结果付费且比例不低于30%得7分，固定付费不得分' },
        { name: '过程监管', weight: 5, scoring: '开展履约监管和阶段检查得5分，酌情扣分' },
      ],
    },
    {
      name: '产出',
      weight: 35,
      lines: [
        { name: '服务数量', weight: 12, scoring: '完成率×12分' },
        { name: '服务质量', weight: 12, scoring: '验收合格、质量达标率≥95%得12分，每低1个百分点扣1分' },
        { name: '服务时效', weight: 6, scoring: '按时提供率≥95%得6分，按比例扣分' },
        { name: '服务成本', weight: 5, scoring: '成本控制在合同价款内得5分，超支不得分' },
      ],
    },
    {
      name: '效益',
      weight: 30,
      lines: [
        { name: '社会效益', weight: 12, scoring: '服务覆盖目标人群比例×12分' },
        { name: '可持续影响', weight: 8, scoring: '第三方评价良及以上、服务机制可持续得8分，酌情扣分' },
        { name: '服务对象满意度', weight: 10, scoring: '满意度≥90%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
