import { chinaDateTime } from '@jixiao/core';
import type { DbOrTx } from '@jixiao/db';
import { type AuditAnchor, type AuditTrailVerification, verifyAuditTrail } from '@jixiao/db/audit';

function checkpointLines(r: AuditTrailVerification, anchor: AuditAnchor | null): string[] {
  if (!anchor) return ['  签名检查点：未找到审计签名密钥或公钥，只校验了审计链本身（无法发现整条链被重算）'];
  const file = `  检查点文件：${r.checkpointFile}（密钥：${anchor.keySource}）`;
  const latest = r.latestCheckpoint;
  if (!latest) return ['  签名检查点：尚无（每小时及每次监控扫描后签名一次）', file];
  const through =
    latest.lastEntryId === null ? '当时尚无记录' : `截至第 ${latest.lastEntryId} 条、共 ${latest.count} 条`;
  return [
    `  签名检查点：${r.checkpoints.total} 个，与审计链相符 ${r.checkpoints.matched} 个；最新 #${latest.seq} 于 ${chinaDateTime(new Date(latest.at))} 签名（${through}）`,
    file,
  ];
}

/** The operator's report (Chinese): verdict, what was checked, and every problem found. */
function auditReport(r: AuditTrailVerification, anchor: AuditAnchor | null): string {
  const legacy = r.legacyEntries > 0 ? `（其中升级前按旧版哈希写入的 ${r.legacyEntries} 条）` : '';
  const lines = [
    r.ok ? '审计链校验：通过' : '审计链校验：未通过——审计日志被改动过',
    `  审计记录：${r.entries} 条${legacy}${r.verifiedThroughId === null ? '' : `，第 ${r.verifiedThroughId} 条及以前完好`}`,
    ...checkpointLines(r, anchor),
  ];
  if (!r.ok) {
    lines.push(`  发现的问题（${r.problems.length} 处${r.problems.length >= 20 ? '，只列前 20 处' : ''}）：`);
    r.problems.forEach((p, i) => {
      lines.push(`    ${i + 1}. ${p.reason}`);
    });
  }
  return lines.join('\n');
}

/** `npm run audit:verify` without the process around it: exit status 0 when intact, 1 when not. */
export async function auditVerifyCommand(
  db: DbOrTx,
  anchor: AuditAnchor | null,
): Promise<{ exitCode: 0 | 1; report: string }> {
  const result = await verifyAuditTrail(db, anchor ?? undefined);
  return { exitCode: result.ok ? 0 : 1, report: auditReport(result, anchor) };
}
