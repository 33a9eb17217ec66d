import { openDatabase } from '@jixiao/db';
import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import { freshDatabase } from './api-load.ts';
import { FORMS_DB, FORMS_PORT } from './env.ts';
import { mb, spawnLogged, treeRss } from './util.ts';

const SHEETS = 250;
const LINES = 20;

/** 20 indicator lines that pass the quality checks: output 50 (incl. a cost line), benefit 30, satisfaction 10. */
function lines(n: number): Array<[string, string, string, string, number]> {
  const out: Array<[string, string, string, string, number]> = [];
  for (let i = 0; i < 12; i++) {
    const [l2, value] =
      i % 4 === 0
        ? ['数量指标', `≥${100 + n}个`]
        : i % 4 === 1
          ? ['质量指标', '≥95%']
          : i % 4 === 2
            ? ['时效指标', '≤12个月']
            : ['成本指标', `≤${50 + i}万元`];
    out.push(['产出指标', l2, `产出指标${i + 1}`, value, i < 10 ? 4 : 5]);
  }
  for (let i = 0; i < 6; i++) {
    out.push([
      '效益指标',
      i % 2 === 0 ? '社会效益指标' : '经济效益指标',
      `效益指标${i + 1}`,
      i === 5 ? '明显改善' : '≥90%',
      5,
    ]);
  }
  out.push(['满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%', 5]);
  out.push(['满意度指标', '服务对象满意度指标', '群众满意度', '≥85%', 5]);
  return out;
}

async function workbook(codes: readonly string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  codes.forEach((code, n) => {
    const ws = wb.addWorksheet(code);
    ws.addRow(['项目支出绩效目标申报表（2026年度）']);
    ws.addRow(['项目名称', `基准测试项目${n + 1}`, '', '', '项目编码', code]);
    ws.addRow(['年度总体目标', '按期完成建设任务，提升公共服务水平']);
    ws.addRow(['绩效指标', '一级指标', '二级指标', '三级指标', '指标值', '分值']);
    for (const l of lines(n)) ws.addRow(['', ...l]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * POST /api/v1/targets/import of a workbook with 250 申报表 of 20 indicator lines each (5,000
 * rows), against the real server on PostgreSQL: the time of the request and the server's RSS
 * growth (sampled every 20 ms while it runs) over its RSS just before.
 */
export async function benchTargetImport(): Promise<string[]> {
  const url = await freshDatabase(FORMS_DB);
  const token = 'jx_bench_admin_token_0000000000';
  const port = FORMS_PORT;
  const server = spawnLogged('npm', ['start'], {
    DATABASE_URL: url,
    PORT: String(port),
    JIXIAO_ADMIN_TOKEN: token,
    JIXIAO_SCHEDULER: 'false',
    JIXIAO_RATE_LIMIT_PER_TOKEN: '0',
    JIXIAO_RATE_LIMIT_PER_IP: '0',
    JIXIAO_MESSAGING: 'false',
    JIXIAO_TODAY: '2026-03-02',
  });
  try {
    await server.waitFor(/健康检查：/);
    const handle = await openDatabase({ url, poolSize: 2 });
    const q = handle.sqlClient as postgres.Sql;
    const [org] = (await q`select id from org_units where name = '景德镇市教育局' limit 1`) as Array<{
      id: number;
    }>;
    await handle.close();
    const base = `http://127.0.0.1:${port}/api/v1`;
    const headers = { authorization: `Bearer ${token}` };
    const codes: string[] = [];
    for (let i = 0; i < SHEETS; i++) {
      const code = `BENCH-FORM-${String(i + 1).padStart(4, '0')}`;
      const res = await fetch(`${base}/items`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          code,
          name: `基准测试项目${i + 1}`,
          kind: 'project',
          fundTypeId: 'general-budget',
          orgUnitId: org?.id,
          fiscalYearStart: 2026,
          fiscalYearEnd: 2026,
          approvedAmountFen: 100_000_00,
          responsiblePerson: '测试',
          isNew: false,
          sector: 'education',
        }),
      });
      if (res.status !== 201) throw new Error(`POST /items ${res.status}: ${await res.text()}`);
      codes.push(code);
    }
    const file = await workbook(codes);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), '申报表.xlsx');
    const pid = server.proc.pid as number;
    await new Promise((r) => setTimeout(r, 2000));
    const before = treeRss(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, treeRss(pid));
    }, 20);
    const t0 = performance.now();
    const res = await fetch(`${base}/targets/import`, { method: 'POST', headers, body: form });
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, treeRss(pid));
    const body = (await res.json()) as { submitted?: number; message?: string };
    if (res.status !== 201) throw new Error(`import ${res.status}: ${body.message}`);
    return [
      '| measure | value | aim | notes |',
      '|---|---|---|---|',
      `| POST /api/v1/targets/import, ${SHEETS} sheets × ${LINES} lines = ${SHEETS * LINES} rows (${mb(file.length)} file) | ${(ms / 1000).toFixed(2)} s | ≤ 5 s | ${body.submitted} targets submitted in one transaction, quality checks run for each |`,
      `| server RSS growth during the import (peak − before) | ${mb(peak - before)} | ≤ 150 MB | before ${mb(before)}, peak ${mb(peak)} |`,
    ];
  } catch (err) {
    throw new Error(`${String(err)}\nserver output:\n${server.output.slice(-40).join('\n')}`);
  } finally {
    // A server that died on its own has no process group left to stop.
    if (server.proc.exitCode === null) await server.stop();
  }
}
