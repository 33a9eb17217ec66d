import { z } from 'zod';

const indicator = (points: number, name: string) =>
  z.strictObject({ points: z.number().min(0).max(100), name: z.string().min(1) }).default({ points, name });

/**
 * 预算绩效管理工作考核 (seed §十九): what each department, budget unit or county finance bureau is
 * scored on and how much each is worth; [U] design defaults a jurisdiction sets for itself.
 */
export const managementAssessmentConfigSchema = z
  .strictObject({
    indicators: z
      .strictObject({
        targetsOnTime: indicator(15, '绩效目标按时报送'),
        targetsFirstPass: indicator(10, '绩效目标一次审核通过'),
        monitoringReports: indicator(15, '绩效监控按时填报'),
        warningsAcknowledged: indicator(10, '预警及时签收'),
        warningsHandled: indicator(10, '预警按期处置'),
        selfEvaluationCoverage: indicator(15, '绩效自评覆盖'),
        spotCheckDistortions: indicator(10, '自评抽查无失真'),
        rectificationsOnTime: indicator(5, '整改按期完成'),
        resultRectificationsOnTime: indicator(5, '评价结果整改按期完成'),
        disclosure: indicator(5, '绩效信息公开'),
      })
      .default({
        targetsOnTime: { points: 15, name: '绩效目标按时报送' },
        targetsFirstPass: { points: 10, name: '绩效目标一次审核通过' },
        monitoringReports: { points: 15, name: '绩效监控按时填报' },
        warningsAcknowledged: { points: 10, name: '预警及时签收' },
        warningsHandled: { points: 10, name: '预警按期处置' },
        selfEvaluationCoverage: { points: 15, name: '绩效自评覆盖' },
        spotCheckDistortions: { points: 10, name: '自评抽查无失真' },
        rectificationsOnTime: { points: 5, name: '整改按期完成' },
        resultRectificationsOnTime: { points: 5, name: '评价结果整改按期完成' },
        disclosure: { points: 5, name: '绩效信息公开' },
      }),
    /** Points taken for each self-evaluation found distorted (失真) in spot checks. */
    pointsPerDistortion: z.number().min(0).default(5),
    /** The top this many are commended in the ranking notice (通报表扬). */
    commendTop: z.int().min(0).default(3),
    /** The bottom this many, and anyone below `interviewBelow`, are interviewed and must rectify (约谈、限期整改). */
    interviewBottom: z.int().min(0).default(3),
    interviewBelow: z.number().min(0).max(100).default(60),
  })
  .default({
    indicators: {
      targetsOnTime: { points: 15, name: '绩效目标按时报送' },
      targetsFirstPass: { points: 10, name: '绩效目标一次审核通过' },
      monitoringReports: { points: 15, name: '绩效监控按时填报' },
      warningsAcknowledged: { points: 10, name: '预警及时签收' },
      warningsHandled: { points: 10, name: '预警按期处置' },
      selfEvaluationCoverage: { points: 15, name: '绩效自评覆盖' },
      spotCheckDistortions: { points: 10, name: '自评抽查无失真' },
      rectificationsOnTime: { points: 5, name: '整改按期完成' },
      resultRectificationsOnTime: { points: 5, name: '评价结果整改按期完成' },
      disclosure: { points: 5, name: '绩效信息公开' },
    },
    pointsPerDistortion: 5,
    commendTop: 3,
    interviewBottom: 3,
    interviewBelow: 60,
  });
export type ManagementAssessmentConfig = z.output<typeof managementAssessmentConfigSchema>;
export type ManagementIndicatorKey = keyof ManagementAssessmentConfig['indicators'];
