import { defaultPolicyConfig, todayInChina } from '@jixiao/core';
import { type Actor, loadActor, type Platform, SYSTEM_ACTOR } from '@jixiao/db';
import { createUser } from '@jixiao/db/master-data';
import { runSweep } from '@jixiao/db/monitoring';
import { nextDailyAt } from '@jixiao/db/schedules';
import { outbox } from '@jixiao/db/schema';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '@jixiao/db/testing';
import { asc, eq, sql } from 'drizzle-orm';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../src/index.ts';
import { FakeChannel } from './fake-channel.ts';

/** A clock tests move by hand; it starts at the next 10:00 China time, after the database's own now(). */
export class Clock {
  t: number;
  constructor() {
    this.t = nextDailyAt('10:00')(new Date(Date.now() + 15 * 60_000)).getTime();
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Harness {
  db: TestDatabase;
  city: TestCity;
  platform: Platform;
  clock: Clock;
  fake: FakeChannel;
  /** Head (局长) of department A, set as org_units.head_user_id. */
  headA: Actor;
  year: number;
  worker(options?: OutboxWorkerOptions, channel?: FakeChannel, platform?: Platform): OutboxWorker;
  /** An executing item of department A (or `orgUnitId`) that the test rule flags (yellow). */
  flaggedItem(orgUnitId?: number): Promise<{ id: number; name: string }>;
  sweep(): Promise<void>;
  rows(): Promise<Array<typeof outbox.$inferSelect>>;
  rowsOf(kind: string): Promise<Array<typeof outbox.$inferSelect>>;
  close(): Promise<void>;
}

/** Options every test worker gets unless it says otherwise: no real-time waiting on the buckets. */
export const FAST: OutboxWorkerOptions = {
  rateLimits: { perApiPerSecond: 100_000, perRecipientPerMinute: 1000 },
  random: () => 0.5,
  onFailure: () => {},
};

export async function createHarness(): Promise<Harness> {
  const db = await createTestDatabase();
  const clock = new Clock();
  // These tests are about delivering many messages: every warning gets its own (no 预警汇总).
  const city = await seedTestCity(db, {
    config: {
      ...defaultPolicyConfig,
      monitoring: { ...defaultPolicyConfig.monitoring, maxPushesPerRecipient: 1000 },
    },
  });
  city.platform.now = clock.now;
  const platform = city.platform;
  const year = Number(todayInChina(new Date(clock.t)).slice(0, 4));
  const head = await createUser(platform, SYSTEM_ACTOR, {
    name: '钱局长',
    orgUnitId: city.orgs.deptA,
    roles: ['leader'],
    title: '局长',
    dingtalkUserId: 'dt-edu-head',
    dingtalkUnionId: 'union-dt-edu-head',
  });
  await db.db.execute(sql`update org_units set head_user_id = ${head.id} where id = ${city.orgs.deptA}`);
  const headA = (await loadActor(db.db, head.id)) as Actor;
  const fake = new FakeChannel(clock.now);
  return {
    db,
    city,
    platform,
    clock,
    fake,
    headA,
    year,
    worker: (options = FAST, channel = fake, p = platform) =>
      createOutboxWorker({ platform: p, channel, options: { ...FAST, ...options } }),
    async flaggedItem(orgUnitId = city.orgs.deptA) {
      const by = orgUnitId === city.orgs.deptB ? city.actors.officerB : city.actors.officerA;
      const item = await createExecutingItem(
        city,
        { orgUnitId, fiscalYearStart: year, fiscalYearEnd: year, attributes: { method: 'single_source' } },
        by,
      );
      return { id: item.id, name: item.name };
    },
    async sweep() {
      await runSweep(platform, { trigger: 'test' });
    },
    rows: () => db.db.select().from(outbox).orderBy(asc(outbox.id)),
    rowsOf: (kind) => db.db.select().from(outbox).where(eq(outbox.kind, kind)).orderBy(asc(outbox.id)),
    close: () => db.dispose(),
  };
}
