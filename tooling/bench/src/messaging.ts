import { queryRows } from '@jixiao/db';
import { outbox } from '@jixiao/db/schema';
import { loadServerConfig, type RunningServer, startServer } from '@jixiao/server';
import { inArray, sql } from 'drizzle-orm';
import { freshDatabase } from './api-load.ts';
import { percentile } from './util.ts';

const delay = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function start(env: Record<string, string>): Promise<RunningServer> {
  const url = await freshDatabase('jixiao_bench_bot');
  const config = loadServerConfig({
    DATABASE_URL: url,
    DB_POOL_SIZE: '20',
    PORT: '0',
    JIXIAO_DATA_DIR: '/tmp/jixiao-bench-unused',
    JIXIAO_SCHEDULER: 'false',
    // Bench senders ask far faster than people do.
    JIXIAO_BOT_MESSAGES_PER_MINUTE: '0',
    JIXIAO_TODAY: '2026-11-27',
    ...env,
  });
  const server = await startServer(config);
  // The demo's startup sweep queued a push for every warning; clear it so only what we measure runs.
  await server.handle.db
    .update(outbox)
    .set({ status: 'cancelled' })
    .where(inArray(outbox.status, ['pending', 'sending']));
  return server;
}

const QUESTIONS = [
  '我的预警',
  '滞后项目',
  '本部门执行情况',
  '帮助',
  '红色预警',
  '我的整改任务',
  '按资金类型统计',
];

/**
 * Reply latency through the real SDK and the fake DingTalk on the demo city (PostgreSQL): from
 * the moment the simulator sends the robot frame to the moment the reply reaches the session
 * webhook, at 50 concurrent conversations asking parser-answered questions.
 */
export async function benchBot(): Promise<string[]> {
  const server = await start({});
  try {
    const sim = server.messaging?.sim;
    if (!sim) throw new Error('simulator not running');
    const users = (await (await fetch(`${server.url}/sim/api/users`)).json()) as {
      users: Array<{ userId: string }>;
    };
    const all = users.users.map((u) => u.userId);
    // Warm-up: every official once.
    await Promise.all(all.slice(0, 50).map((u) => sim.sendMessage({ userId: u, text: '帮助' })));
    const lines = [
      '| concurrent conversations | each asks | answers | p50 | p95 | p99 | messages/s | unanswered |',
      '|---|---|---|---|---|---|---|---|',
    ];
    const runs: Array<{ concurrency: number; rounds: number; paceMs: number }> = [
      { concurrency: 1, rounds: 60, paceMs: 0 },
      { concurrency: 10, rounds: 20, paceMs: 0 },
      { concurrency: 50, rounds: 8, paceMs: 0 },
      { concurrency: 50, rounds: 10, paceMs: 2000 },
      { concurrency: 50, rounds: 10, paceMs: 1000 },
    ];
    for (const { concurrency, rounds, paceMs } of runs) {
      const answered: Array<{ msgId: string; repliedAt: number }> = [];
      let missing = 0;
      await Promise.all(
        all.slice(0, concurrency).map(async (userId, i) => {
          // Paced conversations start spread over one interval, as people do, not all at once.
          if (paceMs) await delay((paceMs * i) / concurrency);
          for (let r = 0; r < rounds; r++) {
            const askedAt = performance.now();
            const { msgId, replies } = await sim.sendMessage({
              userId,
              text: QUESTIONS[(i + r) % QUESTIONS.length] as string,
            });
            const reply = replies[0];
            if (reply) answered.push({ msgId, repliedAt: reply.time });
            else missing++;
            if (paceMs) await delay(paceMs - (performance.now() - askedAt));
          }
        }),
      );
      // The simulator's own record of when it sent each robot frame (read once: it is a deep copy).
      const sentAt = new Map<string, number>();
      for (const f of sim.sentFrames()) {
        if (f.attempt === 0) sentAt.set(JSON.parse(f.frame.data).msgId, f.time);
      }
      const latencies: number[] = [];
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      for (const a of answered) {
        const sent = sentAt.get(a.msgId);
        if (sent === undefined) {
          missing++;
          continue;
        }
        latencies.push(a.repliedAt - sent);
        first = Math.min(first, sent);
        last = Math.max(last, a.repliedAt);
      }
      latencies.sort((a, b) => a - b);
      const rate = latencies.length / ((last - first) / 1000);
      const pace = paceMs ? `every ${paceMs / 1000} s` : 'at once';
      lines.push(
        `| ${concurrency} | ${pace} | ${latencies.length} | ${percentile(latencies, 50)} ms | ${percentile(latencies, 95)} ms | ${percentile(latencies, 99)} ms | ${rate.toFixed(0)} | ${missing} |`,
      );
    }
    lines.push(
      '',
      'Latency = the simulator sends the robot frame → the reply reaches its sessionWebhook (both timestamps from the simulator). “at once”: each conversation asks again as soon as its answer (and the simulator’s 150 ms follow-up window) is in — a saturation test, where latency is queueing behind the other conversations. “every N s”: each conversation asks one question per N seconds, started spread over the interval — still far faster than people type.',
    );
    return lines;
  } finally {
    await server.close();
  }
}

/**
 * Queues `n` warning pushes (real warnings, real recipients), spread over every official so no
 * one passes the per-recipient limit (20 a minute) and the API limit is what is measured.
 */
async function queuePushes(server: RunningServer, n: number, tag: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    server.handle.db,
    sql`with u as (select id, row_number() over (order by id) - 1 as rn, count(*) over () as total from users),
             w as (select id, item_id, severity, row_number() over (order by id) - 1 as rn from warnings where status = 'open')
        insert into outbox (kind, dedupe_key, recipient_user_id, payload)
        select 'warning', ${tag} || ':' || g, u.id,
               jsonb_build_object('warningId', w.id, 'event', 'new', 'severity', w.severity, 'itemId', w.item_id)
        from generate_series(0, ${n - 1}::int) g
        join u on u.rn = g % u.total
        join w on w.rn = g / u.total
        returning id`,
  );
  return rows.map((r) => Number(r.id));
}

async function timeDelivery(
  server: RunningServer,
  ids: number[],
): Promise<{ seconds: number; sent: number; failed: number }> {
  const t = performance.now();
  for (;;) {
    const [c] = await queryRows<{ done: number; sent: number; failed: number }>(
      server.handle.db,
      sql`select count(*) filter (where status in ('sent','failed','cancelled'))::int as done,
                 count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'failed')::int as failed
          from outbox where id in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`,
    );
    if (Number(c?.done) >= ids.length)
      return { seconds: (performance.now() - t) / 1000, sent: Number(c?.sent), failed: Number(c?.failed) };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Outbox delivery rate to the simulator: at DingTalk's standard limit (20 requests/s per API),
 * and with the limit raised (as for an organisation with a higher quota) to show the pipeline's
 * own capacity.
 */
export async function benchOutbox(): Promise<string[]> {
  const lines = [
    '| outbox → fake DingTalk (interactive cards, one per recipient) | messages | time | messages/s | failed |',
    '|---|---|---|---|---|',
  ];
  for (const [label, env, simQps, n] of [
    ['standard limit: 20 requests/s per API (DINGTALK_QPS=20, simulator enforces 20/s)', {}, 20, 400],
    ['raised limit (DINGTALK_QPS=500, simulator unlimited)', { DINGTALK_QPS: '500' }, 0, 2000],
  ] as const) {
    const server = await start(env);
    try {
      server.messaging?.sim?.setFaults({ qpsLimit: simQps });
      const ids = await queuePushes(server, n, `bench-${simQps}`);
      const r = await timeDelivery(server, ids);
      lines.push(
        `| ${label} | ${ids.length} | ${r.seconds.toFixed(1)} s | ${(r.sent / r.seconds).toFixed(0)} | ${r.failed} |`,
      );
    } finally {
      await server.close();
    }
  }
  return lines;
}
