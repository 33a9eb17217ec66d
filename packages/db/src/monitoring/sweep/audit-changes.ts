import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../actor.ts';
import { lockChainHead } from '../../audit/chain.ts';
import { AUDIT_HASH_VERSION, auditTimestamp } from '../../audit/hash.ts';
import type { Tx } from '../../client.ts';

/**
 * The sweep's audit entries, built, chained and written by the database: one entry per warning
 * the sweep changed (`sweep_changes`), exactly the entries `appendAudit` would write for them —
 * the canonical JSON below is `canonicalJson` of every hashed field (keys sorted, JSON.stringify's
 * escaping, which is also to_json's), so `verifyAuditChain` checks them like any other. A first
 * sweep over a province audits 400,000 warnings; carrying them to JavaScript to hash and back
 * took longer than everything else it does.
 */
const AUDIT_SWEEP_CHANGES_FN = sql.raw(`
create or replace function pg_temp.jx_audit_sweep_changes(run_id int, at_text text, actor_name text, actor_user_id int,
                                                          prev_hash text, first_id bigint)
returns void language plpgsql as $fn$
declare
  r record;
  h text := prev_hash;
  canon text;
  n int := 0;
  ids int[] := '{}';
  changes text[] := '{}';
  olds text[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
begin
  -- The caller holds the chain head's lock until the sweep commits: other writers append after it.
  for r in
    select c.warning_id, c.change, c.old_severity, w.item_id, w.severity, w.status, w.message, w.close_reason
    from sweep_changes c join warnings w on w.id = c.warning_id order by c.warning_id, c.change
  loop
    canon := '{"action":' || to_json('warning.' || r.change)::text
      || ',"actorName":' || to_json(actor_name)::text
      || ',"actorUserId":' || coalesce(actor_user_id::text, 'null')
      || ',"after":{"closeReason":' || coalesce(to_json(r.close_reason)::text, 'null')
      || ',"message":' || to_json(r.message)::text
      || ',"runId":' || run_id
      || ',"severity":' || to_json(r.severity)::text
      || ',"status":' || to_json(r.status)::text
      || '},"at":' || to_json(at_text)::text
      || ',"before":' || coalesce('{"severity":' || to_json(r.old_severity)::text || '}', 'null')
      || ',"entityId":' || to_json(r.warning_id::text)::text
      || ',"entityType":"warning","hashVersion":${AUDIT_HASH_VERSION},"id":' || (first_id + n)
      || ',"itemId":' || r.item_id
      || ',"prevHash":"' || h || '"}';
    n := n + 1;
    ids[n] := r.warning_id;
    changes[n] := r.change;
    olds[n] := r.old_severity;
    prevs[n] := h;
    h := encode(sha256(convert_to(canon, 'UTF8')), 'hex');
    hashes[n] := h;
  end loop;
  if n = 0 then
    return;
  end if;
  insert into audit_entries (id, at, actor_user_id, actor_name, action, entity_type, entity_id, item_id, before, after,
                             prev_hash, hash, hash_version)
    select first_id + u.n - 1, at_text::timestamptz, actor_user_id, actor_name, 'warning.' || u.change, 'warning', u.warning_id::text, w.item_id,
           case when u.old_severity is null then null else jsonb_build_object('severity', u.old_severity) end,
           jsonb_build_object('severity', w.severity, 'status', w.status, 'message', w.message,
                              'closeReason', w.close_reason, 'runId', run_id),
           u.prev_hash, u.hash, ${AUDIT_HASH_VERSION}
    from unnest(ids, changes, olds, prevs, hashes) with ordinality as u(warning_id, change, old_severity, prev_hash, hash, n)
    join warnings w on w.id = u.warning_id;
  update audit_chain_head set last_hash = h, last_entry_id = first_id + n - 1 where id = 1;
end
$fn$`);

/** One audit entry per warning the sweep changed, appended to the chain as of `at`. */
export async function auditSweepChanges(tx: Tx, runId: number, at: Date): Promise<void> {
  const head = await lockChainHead(tx);
  await tx.execute(AUDIT_SWEEP_CHANGES_FN);
  await tx.execute(
    sql`select pg_temp.jx_audit_sweep_changes(${runId}::int, ${auditTimestamp(at)}::text, ${SYSTEM_ACTOR.name}::text,
          ${SYSTEM_ACTOR.userId}::int, ${head.lastHash}::text, ${head.nextId}::bigint)`,
  );
}
