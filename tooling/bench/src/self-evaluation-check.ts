import { Agent, request } from 'node:http';
import { freshDatabase } from './api-load.ts';
import { type Load, loadTest, mergeLoads, percentile, spawnLogged } from './util.ts';

/** A typical printed table: budget row and eight indicators, one of them with a printing mistake. */
const TABLE = JSON.stringify({
  budget: { initial: 1000, adjusted: 1000, executed: 950, weight: 10, printedScore: 9.5 },
  indicators: [
    {
      level1: '产出指标',
      level2: '数量指标',
      name: '新建公租房',
      target: '≥200套',
      actual: '180套',
      weight: 20,
      printedScore: 20,
    },
    {
      level1: '产出指标',
      level2: '质量指标',
      name: '验收合格率',
      target: '100%',
      actual: '100%',
      weight: 10,
      printedScore: 10,
    },
    {
      level1: '产出指标',
      level2: '时效指标',
      name: '按期完工率',
      target: '≥95%',
      actual: '96%',
      weight: 10,
      printedScore: 10,
    },
    {
      level1: '产出指标',
      level2: '成本指标',
      name: '单位造价',
      target: '≤5300万元',
      actual: '5000万元',
      weight: 10,
      printedScore: 10,
    },
    {
      level1: '效益指标',
      level2: '社会效益指标',
      name: '保障困难家庭',
      target: '≥180户',
      actual: '180户',
      weight: 15,
      printedScore: 15,
    },
    {
      level1: '效益指标',
      level2: '可持续影响指标',
      name: '长效管理机制',
      target: '健全',
      actual: '基本健全',
      weight: 10,
      printedScore: 8,
    },
    {
      level1: '效益指标',
      level2: '生态效益指标',
      name: '绿化覆盖率',
      target: '30%-35%',
      actual: '33%',
      weight: 5,
      printedScore: 5,
    },
    {
      level1: '满意度指标',
      level2: '服务对象满意度指标',
      name: '租户满意度',
      target: '≥90%',
      actual: '93%',
      weight: 10,
      printedScore: 10,
    },
  ],
  printedTotal: 97.5,
});

/** POST /api/v1/self-evaluations/check at 32 concurrent callers against the real server on PostgreSQL. */
export async function benchSelfEvaluationCheck(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_check');
  const token = 'jx_bench_admin_token_0000000000';
  const port = '3919';
  const server = spawnLogged('npm', ['start'], {
    DATABASE_URL: url,
    PORT: port,
    JIXIAO_ADMIN_TOKEN: token,
    JIXIAO_SCHEDULER: 'false',
    JIXIAO_RATE_LIMIT_PER_TOKEN: '0',
    JIXIAO_RATE_LIMIT_PER_IP: '0',
    JIXIAO_MESSAGING: 'false',
    JIXIAO_TODAY: '2026-11-27',
  });
  try {
    await server.waitFor(/健康检查：/);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const call = () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: Number(port),
            path: '/api/v1/self-evaluations/check',
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (res) => {
            res.on('data', () => {});
            res.on('end', () =>
              res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode))),
            );
          },
        );
        req.on('error', reject);
        req.end(TABLE);
      });
    await loadTest(8, 2000, call); // warm-up
    const rounds: Load[] = [];
    for (let i = 0; i < 4; i++) rounds.push(await loadTest(32, 3000, call));
    agent.destroy();
    const r = mergeLoads(rounds);
    return [
      '| 32 concurrent callers, 4 rounds of 3 s | p50 | p95 | requests/s | errors |',
      '|---|---|---|---|---|',
      `| POST /api/v1/self-evaluations/check (8 indicators) | ${percentile(r.latencies, 50).toFixed(1)} ms | ${percentile(r.latencies, 95).toFixed(1)} ms | ${r.perSecond.toFixed(0)} | ${r.errors} |`,
      '',
      'Aim: p95 ≤ 20 ms. The load generator runs on the same two cores as the server.',
    ];
  } finally {
    await server.stop();
  }
}
