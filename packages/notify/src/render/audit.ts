import { chinaDateTime } from '@jixiao/core';
import { auditAlertPayloadSchema, auditCheckpointSchema, checkpointSignatureHolds } from '@jixiao/db/audit';
import type { Renderer } from './types.ts';

/**
 * 审计链检查点: a signed copy of where the audit chain stood, kept by the audit bureau outside
 * the database. Checked against the public key before sending, so a copy altered in the outbox
 * is not passed on as genuine.
 */
export const renderAuditCheckpoint: Renderer = async (ctx, row) => {
  const parsed = auditCheckpointSchema.safeParse(row.payload);
  if (!parsed.success) return { kind: 'fail', error: '审计链检查点消息的内容不完整' };
  const c = parsed.data;
  const anchor = ctx.platform.auditAnchor;
  if (anchor && !checkpointSignatureHolds(c, anchor.publicKey))
    return { kind: 'fail', error: `审计链检查点 #${c.seq} 的签名无效：消息在发出前被改动` };
  const through =
    c.lastEntryId === null ? '审计日志尚无记录' : `截至第 ${c.lastEntryId} 条，共 ${c.count} 条记录`;
  return {
    kind: 'send',
    reply: {
      title: `【审计链检查点】#${c.seq}`,
      markdown: `审计日志已于 ${chinaDateTime(new Date(c.at))} 签名封存（${through}）。\n\n请保留本消息：日后若有人改动数据库中的审计记录，核验时与各检查点比对即可发现。`,
      fields: [
        { label: '检查点', value: `#${c.seq}` },
        { label: '签名时间', value: c.at },
        {
          label: '截至记录',
          value: c.lastEntryId === null ? '无' : `第 ${c.lastEntryId} 条（共 ${c.count} 条）`,
        },
        { label: '链头哈希', value: c.lastHash },
        { label: '签名（Ed25519）', value: c.signature },
      ],
    },
  };
};

const FOUND_BY = { daily_verification: '每日审计链校验', checkpoint: '签名检查点前的核对' } as const;

/** 审计链校验未通过: someone changed the audit log; the audit and finance bureaus must look now. */
export const renderAuditAlert: Renderer = async (_ctx, row) => {
  const parsed = auditAlertPayloadSchema.safeParse(row.payload);
  if (!parsed.success) return { kind: 'fail', error: '审计链告警消息的内容不完整' };
  const a = parsed.data;
  const fields = [
    { label: '发现时间', value: chinaDateTime(new Date(a.detectedAt)) },
    { label: '发现途径', value: FOUND_BY[a.source] },
    { label: '问题数', value: `${a.problems} 处` },
  ];
  if (a.entryId !== null) fields.push({ label: '涉及记录', value: `第 ${a.entryId} 条` });
  return {
    kind: 'send',
    reply: {
      title: '【审计链校验未通过】审计日志可能被篡改',
      markdown: `${FOUND_BY[a.source]}发现审计日志与其哈希链或签名检查点不符：\n\n> ${a.reason}\n\n请立即核查数据库的访问和操作记录，并请运维人员运行 \`npm run audit:verify\` 查看完整报告。`,
      fields,
    },
  };
};
