import type { EvaluationTemplate } from '@jixiao/plugin-kit';

/** Investment-fund evaluation (EV-7 dimensions; 财预〔2020〕7号). 产出 + 效益 = 65. */
export const evaluation: EvaluationTemplate = {
  name: '政府投资基金绩效评价',
  dimensions: [
    {
      name: '决策',
      weight: 15,
      lines: [
        {
          name: '设立依据与方案',
          weight: 5,
          scoring: '设立必要、方案完整（存续期、退出机制）得5分，缺一项扣2分',
        },
        { name: '出资合规性', weight: 5, scoring: '出资纳入预算、无保本保收益承诺得5分，存在明股实债不得分' },
        { name: '绩效目标', weight: 5, scoring: '放大倍数、政策目标比例等目标明确得5分，酌情扣分' },
      ],
    },
    {
      name: '过程',
      weight: 20,
      lines: [
        {
          name: '出资到位与资金管理',
          weight: 8,
          scoring: '按协议足额到位、无长期闲置得8分，闲置超过一年扣4分',
        },
        { name: '投资决策与风险控制', weight: 7, scoring: '投决程序规范、风控制度健全得7分，酌情扣分' },
        { name: '信息报送', weight: 5, scoring: '按规定报送运营情况得5分，每缺报一次扣1分' },
      ],
    },
    {
      name: '产出',
      weight: 30,
      lines: [
        { name: '投资进度', weight: 12, scoring: '已投资金额/实缴规模达到目标得12分，按比例计分' },
        { name: '投资项目', weight: 10, scoring: '投资项目数量达到目标得10分，按比例计分' },
        { name: '管理成本', weight: 8, scoring: '管理费率不高于约定得8分，超出不得分' },
      ],
    },
    {
      name: '效益',
      weight: 35,
      lines: [
        { name: '放大效应', weight: 12, scoring: '实际放大倍数÷目标倍数×12分，最高12分' },
        {
          name: '政策目标实现',
          weight: 13,
          scoring: '投向政策目标领域比例达到约定得13分，每低5个百分点扣3分',
        },
        { name: '保值增值', weight: 5, scoring: '财政出资保值增值率≥100%得5分，低于则按比例计分' },
        { name: '被投企业满意度', weight: 5, scoring: '满意度≥85%得5分，每低1个百分点扣0.25分' },
      ],
    },
  ],
};
