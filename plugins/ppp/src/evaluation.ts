import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** PPP project evaluation (EV-7 dimensions; 财金〔2020〕13号 content). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: 'PPP项目绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        {
          name: '项目入库规范性',
          weight: 5,
          scoring: '物有所值评价、财政承受能力论证齐备并通过得5分，缺一项扣3分',
        },
        {
          name: '绩效目标合理性',
          weight: 5,
          scoring: '目标覆盖产出、效果、管理且细化量化得5分，每缺一方面扣2分',
        },
        { name: '支出责任列支合规性', weight: 5, scoring: '运营补贴全部列入一般公共预算得5分，否则不得分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        {
          name: '按效付费执行',
          weight: 8,
          scoring: '按绩效评价结果付费且挂钩比例不低于30%得8分；固定支付不得分',
        },
        {
          name: '履约监管',
          weight: 7,
          scoring: '按合同开展运营监测、问题及时整改得7分，发现一项未整改扣2分',
        },
        { name: '信息公开', weight: 5, scoring: '项目信息按规定在平台公开得5分，缺漏一项扣1分' },
      ],
    },
    {
      name: '产出',
      weight: 35,
      lines: [
        { name: '建设运营数量完成', weight: 12, scoring: '完成率×12分' },
        { name: '质量达标', weight: 12, scoring: '验收合格、运营考核达标得12分，每项不达标扣4分' },
        { name: '时效', weight: 6, scoring: '按期进入运营得6分，每延期一个月扣1分' },
        { name: '成本控制', weight: 5, scoring: '投资控制在概算内得5分，每超1%扣1分' },
      ],
    },
    {
      name: '效益',
      weight: 30,
      lines: [
        { name: '社会效益', weight: 10, scoring: '公共服务供给能力明显提升得10分，部分提升6分，无提升0分' },
        {
          name: '经济效益',
          weight: 5,
          scoring: '财政支出责任控制在承受能力红线内且低于预警线得5分，超过预警线得2分，超过红线不得分',
        },
        { name: '可持续影响', weight: 5, scoring: '设施完好、运营稳定、移交安排明确得5分，酌情扣分' },
        { name: '社会公众满意度', weight: 10, scoring: '满意度≥85%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
