import { type DeviationReason, parseIsoDate, quantitativeCompletion } from '@jixiao/core';
import type { DemoIndicator, DemoItem, DemoReport, ExecutionProfile } from './generate.ts';
import { CUMULATIVE_UNITS, type Nature, WHOLE_UNITS } from './library.ts';
import type { Random } from './random.ts';

/** What officials write when an indicator falls behind (cause category, cause, remedy), by kind of work. */
const REASONS: Readonly<Record<Nature, ReadonlyArray<readonly [DeviationReason, string, string]>>> = {
  construction: [
    ['hardware', '受连续强降雨影响，施工作业面无法展开', '雨季结束后增加作业班组，倒排工期，按周调度进度'],
    [
      'institutional',
      '项目用地征迁协调未完成，部分标段延迟开工',
      '提请属地政府加快征迁，先行施工已具备条件的标段',
    ],
    ['funding', '上级补助资金下达较晚，配套资金未及时到位', '积极对接财政部门，加快配套资金拨付'],
    ['institutional', '设计变更需重新审批，工程量确认滞后', '已完成变更审批，督促施工单位增加投入'],
  ],
  equipment: [
    [
      'institutional',
      '首次招标因有效投标人不足三家流标，重新组织采购',
      '已重新发布采购公告，合同签订后督促供应商按期供货',
    ],
    ['hardware', '核心部件供货周期延长，设备到货滞后', '与供应商约定分批到货，先行安装调试已到设备'],
  ],
  service: [
    ['staffing', '服务机构人员流动较大，服务人员配备不足', '督促服务机构补齐人员，按月考核服务量'],
    ['institutional', '服务合同续签流程延误，服务一度中断', '已完成合同续签，按合同加大服务频次补足'],
  ],
  subsidy: [
    ['institutional', '补助对象资格核查比对耗时较长，发放进度滞后', '会同相关部门加快数据比对，分批次发放'],
    ['funding', '上级资金下达较晚，未能按季度拨付', '资金到位后集中拨付，年底前全部发放到位'],
  ],
  program: [
    ['staffing', '项目专职人员调整，工作衔接不畅', '已明确专人负责，建立周报制度'],
    ['other', '政策调整，实施方案需重新论证', '已报请主管部门调整实施方案，按新方案推进'],
  ],
  fund: [
    ['other', '储备项目尽调周期较长，投资决策进度滞后', '加快项目尽调和投决，按季度通报投资进度'],
    ['institutional', '社会出资人出资未按期到位', '督促出资人按协议履行出资义务，必要时调整出资结构'],
  ],
};

/**
 * How each indicator will end the year against its target (1 = met exactly). Items on track
 * meet or beat most targets; the worse an item's execution, the more of its indicators fall
 * behind, and in red items one or two are at risk. Never all alike.
 */
function yearEndPerformance(
  profile: ExecutionProfile,
  indicators: readonly DemoIndicator[],
  rng: Random,
): number[] {
  const spread: Record<ExecutionProfile, readonly [number, number]> = {
    on_track: [0.97, 1.08],
    ahead: [0.98, 1.1],
    yellow: [0.95, 1.05],
    orange: [0.9, 1.02],
    red: [0.85, 1],
    no_payment: [0.85, 1],
  };
  const behind: Record<ExecutionProfile, readonly [number, number] | null> = {
    on_track: rng.chance(0.15) ? [0.86, 0.95] : null,
    ahead: null,
    yellow: [0.82, 0.94],
    orange: rng.chance(0.3) ? [0.55, 0.75] : [0.8, 0.9],
    red: [0.5, 0.8],
    no_payment: [0.45, 0.75],
  };
  // Quality holds up (what is built passes acceptance) and lasting arrangements stay in place; in
  // the worst items one judgement may be only partly met. What slips is how much gets done, and when.
  const partlyMet = (profile === 'red' || profile === 'no_payment') && rng.chance(0.25);
  const perf = indicators.map((ind) => {
    const p = rng.between(...spread[profile]);
    if (ind.level2 === 'quality') return Math.max(0.97, p);
    if (ind.operator === 'qualitative') return partlyMet ? rng.between(0.85, 0.93) : Math.max(0.96, p);
    return p;
  });
  const band = behind[profile];
  // Accidents (≤ 0 起) are not planned to fall behind.
  const slips = (ind: DemoIndicator) =>
    ind.targetValue !== 0 &&
    ((ind.level1 === 'output' && (ind.level2 === 'quantity' || ind.level2 === 'timeliness')) ||
      (ind.level1 === 'benefit' && ind.level2 !== 'sustainable' && ind.operator !== 'qualitative'));
  const laggable = indicators.flatMap((ind, i) => (slips(ind) ? [i] : []));
  if (band && laggable.length > 0) {
    const lagging =
      profile === 'on_track' || profile === 'ahead' ? 1 : rng.int(1, Math.min(2, laggable.length));
    for (let k = 0; k < lagging; k++) perf[rng.pick(laggable)] = rng.between(...band);
  }
  return perf;
}

const PROGRESS_RATE = /完成率|执行率|支出率|到位率|进度/;

const round = (v: number, unit: string) =>
  WHOLE_UNITS.has(unit) ? Math.round(v) : Math.round(v * 100) / 100;

/** Share of a year's work done by a month: building starts slowly, everything else goes evenly. */
const shareDone = (month: number, nature: Nature) =>
  nature === 'construction' ? (month / 12) ** 1.3 : month / 12;

/** Reported completion so far and forecast for the year, as an official would fill them in. */
function reportValues(ind: DemoIndicator, perf: number, month: number, nature: Nature): [number, number] {
  const t = ind.targetValue ?? 0;
  const soFar = shareDone(month, nature);
  const cumulative =
    ind.operator === 'gte' &&
    CUMULATIVE_UNITS.has(ind.unit) &&
    !(ind.level1 === 'benefit' && ind.unit === '平方米');
  // A rate of work done (任务完成率, 支出率, 资金到位率 …) grows through the year; other rates are levels.
  const progressRate = ind.unit === '%' && ind.level1 === 'output' && PROGRESS_RATE.test(ind.name);
  switch (ind.operator) {
    case 'range': {
      const lo = ind.targetMin ?? 0;
      const hi = ind.targetMax ?? lo;
      const value = perf >= 0.95 ? lo + (hi - lo) * Math.min(1, (perf - 0.95) / 0.15) : lo * perf;
      return [round(value, ind.unit), round(value, ind.unit)];
    }
    case 'lte': {
      const forecast = t === 0 ? (perf < 0.75 ? 1 : 0) : t * (2 - Math.min(perf, 1.1));
      const actual = ind.unit === '%' || ind.level2 === 'cost' ? forecast : forecast * soFar;
      return [round(actual, ind.unit), round(forecast, ind.unit)];
    }
    case 'eq': {
      const forecast = perf >= 0.98 ? t : t * perf;
      return [round(progressRate ? forecast * soFar : forecast, ind.unit), round(forecast, ind.unit)];
    }
    default: {
      const capped = ind.unit === '%' && t <= 100 ? Math.min(100, t * perf) : t * perf;
      const actual = cumulative || progressRate ? capped * soFar : capped;
      return [round(actual, ind.unit), round(capped, ind.unit)];
    }
  }
}

/**
 * Quarterly progress reports (MO-5) for an executing item: each indicator's completion so far
 * and forecast, how likely the target is, and for those falling behind the cause and remedy
 * (most officials explain; a few don't, and the sweep asks them to). Forecasts drift from the
 * target in spring towards where the indicator will really end.
 */
export function fillReports(item: DemoItem, rng: Random, asOf: string): void {
  const target = item.target;
  if (!target) return;
  const year = item.currentFiscalYear;
  const profile = item.profile ?? 'on_track';
  item.staleReports = profile !== 'no_payment' && rng.chance(0.06);
  const dates = [`${year}-03-31`, `${year}-06-30`, `${year}-09-30`].filter((d) => d <= asOf);
  const reportDates = item.staleReports ? dates.slice(0, 1) : dates;
  const finalPerf = yearEndPerformance(profile, target.indicators, rng);
  const explains = rng.chance(0.85);
  reportDates.forEach((date, quarter) => {
    const month = parseIsoDate(date).month;
    const drift = [0.6, 0.85, 1][quarter] ?? 1;
    target.indicators.forEach((ind, index) => {
      const perf = 1 + ((finalPerf[index] as number) - 1) * drift;
      const report: DemoReport = {
        indicatorIndex: index,
        reportedOn: date,
        actualValue: null,
        qualitativeStatus: null,
        forecastValue: null,
        likelihood: null,
        deviationReason: null,
        deviationNote: null,
        correctiveMeasure: null,
      };
      let completion: number;
      if (ind.operator === 'qualitative') {
        report.qualitativeStatus = perf >= 0.95 ? 'met' : perf >= 0.8 ? 'partly_met' : 'not_met';
        completion = perf >= 0.95 ? 1 : perf;
      } else {
        const [actual, forecast] = reportValues(ind, perf, month, item.nature);
        report.actualValue = actual;
        report.forecastValue = forecast;
        completion = quantitativeCompletion(ind, forecast) ?? 1;
      }
      report.likelihood = completion >= 0.95 ? 'certain' : completion >= 0.6 ? 'possible' : 'impossible';
      if (completion < 0.9 && explains) {
        const [reason, note, measure] = rng.pick(REASONS[item.nature]);
        report.deviationReason = reason;
        report.deviationNote = note;
        report.correctiveMeasure = measure;
      }
      item.reports.push(report);
    });
  });
}
