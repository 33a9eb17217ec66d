import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Procurement evaluation (EV-7 dimensions). 产出 + 效益 = 60. */
export const evaluation: EvaluationTemplate = {
  name: '政府采购绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        {
          name: '采购需求与预算',
          weight: 8,
          scoring: '采购需求明确、预算编制合理得8分，超预算或需求不清每项扣3分',
        },
        { name: '采购方式选择', weight: 7, scoring: '方式与数额标准相符或已获批准得7分，否则不得分' },
      ],
    },
    {
      name: '过程',
      weight: 25,
      lines: [
        { name: '程序合规', weight: 10, scoring: '招标、评审、公告程序合规得10分，每发现一处问题扣2分' },
        { name: '合同管理', weight: 8, scoring: '30日内签订合同且条款完整得8分，逾期签订扣4分' },
        { name: '信息公开', weight: 7, scoring: '采购意向、结果、合同按规定公开得7分，缺一项扣2分' },
      ],
    },
    {
      name: '产出',
      weight: 35,
      lines: [
        { name: '采购计划执行', weight: 12, scoring: '政府采购执行率×12分' },
        { name: '履约质量', weight: 12, scoring: '履约验收合格得12分，不合格不得分' },
        { name: '履约时效', weight: 6, scoring: '按期完成得6分，每逾期10天扣1分' },
        {
          name: '资金节约',
          weight: 5,
          scoring: '节约率在0–30%之间得5分，超预算或节约率异常且无合理说明不得分',
        },
      ],
    },
    {
      name: '效益',
      weight: 25,
      lines: [
        { name: '政策功能', weight: 10, scoring: '面向中小企业份额不低于30%得10分，每低5个百分点扣2分' },
        { name: '竞争与可持续', weight: 5, scoring: '竞争性方式占比不低于90%得5分，按比例扣分' },
        { name: '采购人满意度', weight: 10, scoring: '满意度≥90%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
