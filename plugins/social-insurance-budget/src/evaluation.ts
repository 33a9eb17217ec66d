import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Social-insurance fund evaluation (OT-5: 决策 / 过程 / 产出 / 效益). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '社会保险基金预算绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        { name: '绩效目标设定', weight: 5, scoring: '总体目标与年度目标齐全、指标量化得5分，缺一项扣2分' },
        { name: '预算编制', weight: 5, scoring: '收支测算依据充分、体现精算平衡得5分，酌情扣分' },
        { name: '政策合规', weight: 5, scoring: '缴费和待遇政策执行符合规定得5分，每发现一处违规扣2分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        { name: '基金征缴', weight: 7, scoring: '征缴率≥95%得7分，每低1个百分点扣1分' },
        { name: '基金管理', weight: 8, scoring: '收支两条线、专户管理、无挤占挪用得8分，发现问题不得分' },
        { name: '监督检查', weight: 5, scoring: '开展基金监督检查并整改得5分，酌情扣分' },
      ],
    },
    {
      name: '产出',
      weight: 30,
      lines: [
        { name: '参保扩面', weight: 10, scoring: '参保人数达到目标得10分，按完成比例计分' },
        { name: '待遇发放', weight: 12, scoring: '待遇足额发放得12分，每出现一次欠发扣4分' },
        { name: '发放时效', weight: 8, scoring: '按时发放率100%得8分，每低1个百分点扣1分' },
      ],
    },
    {
      name: '效益',
      weight: 35,
      lines: [
        {
          name: '精算平衡与可持续',
          weight: 15,
          scoring: '可支付月数不低于6个月且当期收支平衡得15分，可支付月数低于3个月不得分',
        },
        { name: '社会效益', weight: 10, scoring: '待遇调整政策落实到位得10分，部分落实6分' },
        { name: '参保对象满意度', weight: 10, scoring: '满意度≥90%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
