import { z } from 'zod';

const share = z.number().min(0).max(1);

/** Numbers of the evaluation stage (EV-1…EV-10, seed §九, §十三, DW-2); each a jurisdiction's choice. */
export const evaluationConfigSchema = z
  .strictObject({
    spotCheck: z
      .strictObject({
        /** Share of the year's self-evaluations drawn (stratified by department and amount). */
        share: share.default(0.2),
        /** Special transfers at or above this amount (fen) are always drawn. */
        specialTransferAboveFen: z.int().min(0).default(500_000_000),
        /** Self-graded 优 with execution below this share are always drawn. */
        excellentBelowExecution: share.default(0.8),
        /** A re-score this many points away from the self-score (or a different grade) is a distortion (失真). */
        distortionPoints: z.number().min(0).default(5),
        /** Days a distorted self-evaluation's department has to rectify. */
        rectificationDays: z.int().min(1).max(366).default(30),
      })
      .default({
        share: 0.2,
        specialTransferAboveFen: 500_000_000,
        excellentBelowExecution: 0.8,
        distortionPoints: 5,
        rectificationDays: 30,
      }),
    countyFiscal: z
      .strictObject({
        /** 收入质量: tax share of general-budget revenue; 0 points at or below `zeroAt`, full at or above `fullAt`. */
        taxShare: z
          .strictObject({ points: z.number().min(0), zeroAt: share, fullAt: share })
          .default({ points: 20, zeroAt: 0.5, fullAt: 0.75 }),
        /** 三保: money arranged for basic wages, operations and livelihoods ÷ what they need. */
        basicGuarantees: z
          .strictObject({ points: z.number().min(0), zeroAt: z.number().min(0), fullAt: z.number().min(0) })
          .default({ points: 15, zeroAt: 0.9, fullAt: 1 }),
        /** 债务风险: debt balance ÷ comprehensive financial resources, by band (DB-1). */
        debt: z
          .strictObject({
            points: z.number().min(0),
            yellowFrom: z.number().min(0),
            orangeFrom: z.number().min(0),
            redFrom: z.number().min(0),
            /** Share of the points each band keeps. */
            keep: z.strictObject({ green: share, yellow: share, orange: share, red: share }),
          })
          .default({
            points: 20,
            yellowFrom: 1.2,
            orangeFrom: 2,
            redFrom: 3,
            keep: { green: 1, yellow: 0.7, orange: 0.4, red: 0 },
          }),
        /** 库款保障: treasury cash in months of expenditure. */
        treasuryCash: z
          .strictObject({ points: z.number().min(0), zeroAt: z.number().min(0), fullAt: z.number().min(0) })
          .default({ points: 15, zeroAt: 0.3, fullAt: 0.8 }),
        /** 预算执行: execution rate × points. */
        execution: z.strictObject({ points: z.number().min(0) }).default({ points: 15 }),
        /** 绩效管理工作: the management-work assessment score (0–100) × points ÷ 100. */
        management: z.strictObject({ points: z.number().min(0) }).default({ points: 15 }),
      })
      .default({
        taxShare: { points: 20, zeroAt: 0.5, fullAt: 0.75 },
        basicGuarantees: { points: 15, zeroAt: 0.9, fullAt: 1 },
        debt: {
          points: 20,
          yellowFrom: 1.2,
          orangeFrom: 2,
          redFrom: 3,
          keep: { green: 1, yellow: 0.7, orange: 0.4, red: 0 },
        },
        treasuryCash: { points: 15, zeroAt: 0.3, fullAt: 0.8 },
        execution: { points: 15 },
        management: { points: 15 },
      }),
    experts: z
      .strictObject({
        /** How several experts' scores of one line become the line's score. */
        aggregation: z.enum(['mean', 'trimmed_mean', 'median']).default('trimmed_mean'),
        /** An expert who worked for the evaluated unit within this many years has a conflict of interest. */
        recentWorkYears: z.int().min(0).default(3),
        /** A quality rating below this (0–100) suspends the expert or institution. */
        suspendBelowRating: z.number().min(0).max(100).default(60),
      })
      .default({ aggregation: 'trimmed_mean', recentWorkYears: 3, suspendBelowRating: 60 }),
    reminders: z
      .strictObject({
        /** Officers with a year's self-evaluations not yet submitted are reminded this many days before the deadline. */
        selfEvaluationDaysBefore: z.int().min(0).max(366).default(14),
        /** Panel experts who have not submitted are reminded this many days before a key evaluation is due. */
        keyEvaluationDaysBefore: z.int().min(0).max(366).default(7),
      })
      .default({ selfEvaluationDaysBefore: 14, keyEvaluationDaysBefore: 7 }),
  })
  .default({
    spotCheck: {
      share: 0.2,
      specialTransferAboveFen: 500_000_000,
      excellentBelowExecution: 0.8,
      distortionPoints: 5,
      rectificationDays: 30,
    },
    countyFiscal: {
      taxShare: { points: 20, zeroAt: 0.5, fullAt: 0.75 },
      basicGuarantees: { points: 15, zeroAt: 0.9, fullAt: 1 },
      debt: {
        points: 20,
        yellowFrom: 1.2,
        orangeFrom: 2,
        redFrom: 3,
        keep: { green: 1, yellow: 0.7, orange: 0.4, red: 0 },
      },
      treasuryCash: { points: 15, zeroAt: 0.3, fullAt: 0.8 },
      execution: { points: 15 },
      management: { points: 15 },
    },
    experts: { aggregation: 'trimmed_mean', recentWorkYears: 3, suspendBelowRating: 60 },
    reminders: { selfEvaluationDaysBefore: 14, keyEvaluationDaysBefore: 7 },
  });
export type EvaluationConfig = z.output<typeof evaluationConfigSchema>;
