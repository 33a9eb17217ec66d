import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Special-transfer evaluation (EV-7 决策 / 过程 / 产出 / 效益). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '专项转移支付绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        {
          name: '设立依据与期限',
          weight: 5,
          scoring: '设立依据充分、实施期限和退出机制明确得5分，缺一项扣3分',
        },
        { name: '分配方法', weight: 5, scoring: '按因素法或项目法规范分配、因素权重公开得5分，酌情扣分' },
        { name: '区域绩效目标', weight: 5, scoring: '目标分解到地区且细化量化得5分，未分解不得分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        { name: '资金下达及时性', weight: 8, scoring: '按规定时限分配下达得8分，每逾期10天扣2分' },
        { name: '资金监管', weight: 7, scoring: '专款专用、无截留挪用得7分，发现问题不得分' },
        { name: '绩效自评', weight: 5, scoring: '年度结束后按时完成自评得5分，未自评不得分' },
      ],
    },
    {
      name: '产出',
      weight: 35,
      lines: [
        { name: '任务完成', weight: 15, scoring: '项目（任务）完成率×15分' },
        { name: '质量达标', weight: 12, scoring: '验收合格、区域目标完成率≥90%得12分，每低1个百分点扣1分' },
        { name: '时效', weight: 8, scoring: '按期完成得8分，每延期一个月扣1分' },
      ],
    },
    {
      name: '效益',
      weight: 30,
      lines: [
        { name: '政策目标实现', weight: 15, scoring: '政策目标全部实现得15分，部分实现9分，未实现0分' },
        { name: '可持续影响', weight: 5, scoring: '形成长效机制得5分，酌情扣分' },
        { name: '受益群众满意度', weight: 10, scoring: '满意度≥90%得10分，每低1个百分点扣0.5分' },
      ],
    },
  ],
};
