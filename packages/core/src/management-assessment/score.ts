import type { ManagementAssessmentConfig, ManagementIndicatorKey } from './config.ts';

/** A count of things done well out of those due; `due: 0` means nothing applied this year. */
export interface Tally {
  done: number;
  due: number;
}

/** What the system knows of one party's performance-management work in a year. */
export interface ManagementFacts {
  partyId: number;
  name: string;
  targetsOnTime: Tally;
  /** The region's target submission deadline of the year (null: none set). */
  targetsDeadline: string | null;
  targetsFirstPass: Tally;
  monitoringReports: Tally;
  warningsAcknowledged: Tally;
  warningsHandled: Tally;
  /** Share of project funds self-evaluated against the share required (`done`/`due` in fen). */
  selfEvaluationCoverage: Tally;
  distortions: number;
  /** Rectification tasks from monitoring, audit and assessments (not from evaluation results). */
  rectificationsOnTime: Tally;
  /** Rectification tasks opened from evaluation results' findings, accepted by their deadline (seed §十). */
  resultRectificationsOnTime: Tally;
  disclosure: Tally;
}

export interface ManagementIndicatorScore {
  key: ManagementIndicatorKey;
  name: string;
  points: number;
  score: number;
  /** The evidence behind the points, in words. */
  evidence: string;
}

export interface ManagementScore {
  partyId: number;
  name: string;
  indicators: ManagementIndicatorScore[];
  total: number;
  rank: number;
  outcome: 'commended' | 'interviewed' | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * 绩效目标按时报送 (DI-6): each item's first submission of the year's targets (its China date, null
 * if never submitted) against the region's deadline. With a deadline, an item is due once the
 * deadline has passed or it was submitted, and on time when first submitted on or before it.
 * Without one, every item is due and any submission counts.
 */
export function targetsOnTime(
  firstSubmittedOn: ReadonlyArray<string | null>,
  deadline: string | null,
  today: string,
): Tally {
  if (deadline === null) {
    return { due: firstSubmittedOn.length, done: firstSubmittedOn.filter((d) => d !== null).length };
  }
  const due = firstSubmittedOn.filter((d) => d !== null || today > deadline);
  return { due: due.length, done: due.filter((d) => d !== null && d <= deadline).length };
}

const EVIDENCE: Record<
  Exclude<ManagementIndicatorKey, 'spotCheckDistortions' | 'selfEvaluationCoverage'>,
  string
> = {
  targetsOnTime: '按时报送绩效目标',
  targetsFirstPass: '绩效目标一次审核通过',
  monitoringReports: '绩效指标按时填报监控情况',
  warningsAcknowledged: '预警在时限内签收',
  warningsHandled: '预警在时限内处置',
  rectificationsOnTime: '整改任务按期完成',
  resultRectificationsOnTime: '评价结果整改任务按期完成',
  disclosure: '应公开事项已公开',
};

function tallyScore(
  key: keyof typeof EVIDENCE,
  t: Tally,
  points: number,
): Pick<ManagementIndicatorScore, 'score' | 'evidence'> {
  if (t.due === 0) return { score: points, evidence: '本年度无此类事项，得满分' };
  const share = Math.min(1, t.done / t.due);
  return {
    score: round2(points * share),
    evidence: `${t.due}项中${t.done}项${EVIDENCE[key]}（${round2(share * 100)}%）`,
  };
}

/**
 * 预算绩效管理工作考核 (seed §十九): each party scored on its work from what the system recorded, every
 * point explained by its evidence; ranked, the top commended and the bottom (or below the line)
 * interviewed and given a rectification deadline.
 */
export function scoreManagementWork(
  parties: readonly ManagementFacts[],
  cfg: ManagementAssessmentConfig,
): ManagementScore[] {
  const scored = parties.map((f) => {
    const ind = cfg.indicators;
    const indicators: ManagementIndicatorScore[] = (Object.keys(ind) as ManagementIndicatorKey[]).map(
      (key) => {
        const { points, name } = ind[key];
        if (key === 'spotCheckDistortions') {
          const score = Math.max(0, round2(points - f.distortions * cfg.pointsPerDistortion));
          return {
            key,
            name,
            points,
            score,
            evidence: f.distortions
              ? `抽查发现${f.distortions}份自评失真，每份扣${cfg.pointsPerDistortion}分`
              : '抽查未发现自评失真',
          };
        }
        if (key === 'selfEvaluationCoverage') {
          const t = f.selfEvaluationCoverage;
          if (t.due === 0)
            return { key, name, points, score: points, evidence: '本年度无须自评的项目，得满分' };
          const share = Math.min(1, t.done / t.due);
          return {
            key,
            name,
            points,
            score: round2(points * share),
            evidence: `自评覆盖达到要求的${round2(share * 100)}%`,
          };
        }
        const scored = tallyScore(key, f[key], points);
        if (key === 'targetsOnTime') {
          const when = f.targetsDeadline ? `报送截止日期${f.targetsDeadline}，` : '未设定报送截止日期，';
          return { key, name, points, score: scored.score, evidence: `${when}${scored.evidence}` };
        }
        return { key, name, points, ...scored };
      },
    );
    return {
      partyId: f.partyId,
      name: f.name,
      indicators,
      total: round2(indicators.reduce((s, i) => s + i.score, 0)),
    };
  });
  scored.sort((a, b) => b.total - a.total || a.partyId - b.partyId);
  const n = scored.length;
  return scored.map((s, i) => {
    const rank = scored.findIndex((x) => x.total === s.total) + 1;
    const bottom = n - rank < cfg.interviewBottom;
    const outcome: ManagementScore['outcome'] =
      s.total < cfg.interviewBelow || (bottom && i >= cfg.commendTop)
        ? 'interviewed'
        : rank <= cfg.commendTop
          ? 'commended'
          : null;
    return { ...s, rank, outcome };
  });
}

/** Points lost, in words: "指标：依据（扣N分）" joined by "；", or "无" (the 通报 and the exports). */
export function lostPointsText(
  indicators: ReadonlyArray<Pick<ManagementIndicatorScore, 'name' | 'points' | 'score' | 'evidence'>>,
): string {
  const lost = indicators
    .filter((i) => i.score < i.points)
    .map((i) => `${i.name}：${i.evidence}（扣${round2(i.points - i.score)}分）`);
  return lost.join('；') || '无';
}
