import { GRADES, type Grade } from '../vocabulary.ts';
import type { EvaluationConfig } from './config.ts';

export interface DistortionJudgement {
  distorted: boolean;
  /** Re-score minus self-score. */
  difference: number;
  reasons: string[];
}

/**
 * 失真 (seed §九: 对部门项目绩效自评结果的真实性、准确性进行抽查): a self-evaluation is distorted when
 * the reviewer's re-score differs from it by more than the configured points, changes its grade,
 * or when the table itself does not add up.
 */
export function judgeDistortion(
  self: { score: number; grade: Grade },
  review: { score: number; grade: Grade },
  checkProblems: number,
  cfg: EvaluationConfig['spotCheck'],
): DistortionJudgement {
  const difference = Math.round((review.score - self.score) * 100) / 100;
  const reasons: string[] = [];
  if (Math.abs(difference) > cfg.distortionPoints) {
    reasons.push(
      `复核得分${review.score}分，与自评${self.score}分相差${Math.abs(difference)}分（超过${cfg.distortionPoints}分）`,
    );
  }
  if (review.grade !== self.grade) {
    reasons.push(`复核等级为“${GRADES.labels[review.grade]}”，自评为“${GRADES.labels[self.grade]}”`);
  }
  if (checkProblems > 0) reasons.push(`自评表本身有${checkProblems}处计算或填报问题`);
  return { distorted: reasons.length > 0, difference, reasons };
}
