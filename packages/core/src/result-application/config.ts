import { z } from 'zod';

const share = z.number().min(0).max(1);

/**
 * How evaluation results change next year's money (JX-2, EV-11; seed §十, §十六). Every number is
 * a jurisdiction's choice: the policy names the direction, not the size.
 */
export const resultApplicationConfigSchema = z
  .strictObject({
    /** Next-year budget control number cut for a 中(一般) grade, as a share. */
    cutForFair: share.default(0.1),
    /** Cut for a 差 grade. */
    cutForPoor: share.default(0.3),
    /** A further cut while a distortion or finding on the item stays unrectified. */
    extraCutUnrectified: share.default(0.1),
    /** The department-wide evaluation's grade adjusts the department's total by this share (+ raises, − cuts). */
    departmentAdjustment: z
      .strictObject({
        excellent: z.number().min(-1).max(1).default(0.02),
        good: z.number().min(-1).max(1).default(0),
        fair: z.number().min(-1).max(1).default(-0.03),
        poor: z.number().min(-1).max(1).default(-0.05),
      })
      .default({ excellent: 0.02, good: 0, fair: -0.03, poor: -0.05 }),
    exit: z
      .strictObject({
        /** 差 this many times … */
        poorGrades: z.int().min(1).default(2),
        /** … within this many most recent evaluated years makes an item a candidate for exit. */
        withinYears: z.int().min(1).default(3),
        /** Execution below this share … */
        lowExecutionShare: share.default(0.5),
        /** … for this many consecutive years. */
        lowExecutionYears: z.int().min(1).default(2),
      })
      .default({ poorGrades: 2, withinYears: 3, lowExecutionShare: 0.5, lowExecutionYears: 2 }),
    overlap: z
      .strictObject({
        /** Pairs scoring at least this (0–1) are reported as overlapping. */
        minScore: share.default(0.55),
        /**
         * A character pair found in more names than this (a place name, 景德镇市) says nothing about
         * purpose: it does not make two items candidates (they are still compared on what else they share).
         */
        maxGramItems: z.int().min(2).default(100),
        weights: z
          .strictObject({
            name: z.number().min(0).default(0.4),
            description: z.number().min(0).default(0.2),
            subject: z.number().min(0).default(0.15),
            indicators: z.number().min(0).default(0.25),
          })
          .default({ name: 0.4, description: 0.2, subject: 0.15, indicators: 0.25 }),
        /** Words too common in budget names to say anything about purpose. */
        stopWords: z
          .array(z.string().min(1))
          .default([
            '项目',
            '专项',
            '资金',
            '经费',
            '补助',
            '补贴',
            '建设',
            '工程',
            '工作',
            '年度',
            '市级',
            '县级',
            '全市',
            '我市',
          ]),
      })
      .default({
        minScore: 0.55,
        maxGramItems: 100,
        weights: { name: 0.4, description: 0.2, subject: 0.15, indicators: 0.25 },
        stopWords: [
          '项目',
          '专项',
          '资金',
          '经费',
          '补助',
          '补贴',
          '建设',
          '工程',
          '工作',
          '年度',
          '市级',
          '县级',
          '全市',
          '我市',
        ],
      }),
    transferFactor: z
      .strictObject({
        /** A county's comprehensive score at or below `lowScore` gets `min`, at or above `highScore` gets `max`. */
        lowScore: z.number().min(0).max(100).default(60),
        highScore: z.number().min(0).max(100).default(95),
        min: z.number().min(0).default(0.9),
        max: z.number().min(0).default(1.1),
      })
      .default({ lowScore: 60, highScore: 95, min: 0.9, max: 1.1 }),
    /**
     * 整改与问责提醒: how often each project owner is reminded of the open rectifications on their
     * projects with their accountability status — weekly on `weekday` (0 = Sunday … 6) or monthly
     * on `dayOfMonth` (1–28); once per period whatever the job's runs.
     */
    ownerReminders: z
      .strictObject({
        cadence: z.enum(['weekly', 'monthly']).default('weekly'),
        weekday: z.int().min(0).max(6).default(1),
        dayOfMonth: z.int().min(1).max(28).default(1),
      })
      .default({ cadence: 'weekly', weekday: 1, dayOfMonth: 1 }),
  })
  .default({
    cutForFair: 0.1,
    cutForPoor: 0.3,
    extraCutUnrectified: 0.1,
    departmentAdjustment: { excellent: 0.02, good: 0, fair: -0.03, poor: -0.05 },
    exit: { poorGrades: 2, withinYears: 3, lowExecutionShare: 0.5, lowExecutionYears: 2 },
    overlap: {
      minScore: 0.55,
      maxGramItems: 100,
      weights: { name: 0.4, description: 0.2, subject: 0.15, indicators: 0.25 },
      stopWords: [
        '项目',
        '专项',
        '资金',
        '经费',
        '补助',
        '补贴',
        '建设',
        '工程',
        '工作',
        '年度',
        '市级',
        '县级',
        '全市',
        '我市',
      ],
    },
    transferFactor: { lowScore: 60, highScore: 95, min: 0.9, max: 1.1 },
    ownerReminders: { cadence: 'weekly', weekday: 1, dayOfMonth: 1 },
  });
export type ResultApplicationConfig = z.output<typeof resultApplicationConfigSchema>;
