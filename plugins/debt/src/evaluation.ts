import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Bond-funded project evaluation (EV-7 dimensions; 财预〔2021〕61号). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '政府债务项目绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        { name: '立项与事前评估', weight: 5, scoring: '事前绩效评估完整并纳入实施方案得5分，未评估不得分' },
        {
          name: '绩效目标',
          weight: 5,
          scoring: '目标含产出、效益、满意度、融资成本、偿债风险得5分，每缺一项扣1分',
        },
        {
          name: '收益与融资平衡方案',
          weight: 5,
          scoring: '收益覆盖融资本息不低于1.2倍得5分，1至1.2倍得3分，低于1倍不得分',
        },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        {
          name: '债券资金管理与支出进度',
          weight: 8,
          scoring: '专款专用且支出进度达到要求得8分，挪用不得分，进度每落后10个百分点扣2分',
        },
        { name: '项目组织实施', weight: 6, scoring: '按实施方案推进、手续完备得6分，酌情扣分' },
        { name: '偿债计划执行', weight: 6, scoring: '偿债资金按计划归集得6分，未归集不得分' },
      ],
    },
    {
      name: '产出',
      weight: 35,
      lines: [
        { name: '建设任务完成', weight: 12, scoring: '完成率×12分' },
        { name: '工程质量', weight: 10, scoring: '验收合格得10分，不合格不得分' },
        { name: '完成时效', weight: 8, scoring: '按期完成得8分，每延期一个月扣1分' },
        { name: '融资成本', weight: 5, scoring: '综合融资成本不高于目标值得5分，每高0.1个百分点扣1分' },
      ],
    },
    {
      name: '效益',
      weight: 30,
      lines: [
        { name: '经济效益', weight: 8, scoring: '带动有效投资达到目标得8分，按完成比例计分' },
        { name: '社会效益', weight: 7, scoring: '公共服务明显改善得7分，部分改善4分' },
        { name: '偿债可持续', weight: 5, scoring: '到期本息按时足额偿还且收益实现良好得5分，出现逾期不得分' },
        { name: '服务对象满意度', weight: 10, scoring: '满意度≥85%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
