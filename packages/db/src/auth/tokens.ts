import { createHash, randomBytes } from 'node:crypto';
import {
  type ApiTokenInput,
  decideTokenRoles,
  InputError,
  NotFoundError,
  ROLES,
  type Role,
  SYSTEM_ACCOUNT_ROLE,
  type TokenStatus,
  tokenExpiry,
  tokenStatus,
} from '@jixiao/core';
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, inScope, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { apiTokens, orgUnits, users } from '../schema/index.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token: `jx_` + 40 base62-ish chars. Only its hash is stored. */
export function generateToken(): string {
  return `jx_${randomBytes(30).toString('base64url')}`;
}

/**
 * A token for a user without an audit entry or scope: only for bootstrapping (the start-up admin token)
 * and tests. Everyone else issues tokens with `issueApiToken`.
 */
export async function issueToken(
  db: DbOrTx,
  userId: number,
  name: string,
  token: string = generateToken(),
  expiresAt: Date | null = null,
): Promise<{ id: number; token: string }> {
  const rows = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: hashToken(token), prefix: token.slice(0, 7), expiresAt })
    .onConflictDoNothing({ target: apiTokens.tokenHash })
    .returning({ id: apiTokens.id });
  if (rows[0]) return { id: rows[0].id, token };
  const existing = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (existing[0]?.userId !== userId) throw new Error('令牌已被其他用户使用');
  return { id: existing[0].id, token };
}

/** A valid token: who it acts as and with which of their roles (null = all). */
export interface ResolvedToken {
  tokenId: number;
  userId: number;
  roles: Role[] | null;
  expiresAt: Date | null;
}

/** `last_used_at` is written at most this often per token (a busy integration calls many times a second). */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The token behind a bearer string if it is valid, unrevoked and unexpired; notes that it was used. */
export async function resolveApiToken(db: DbOrTx, token: string, now: Date): Promise<ResolvedToken | null> {
  const rows = await db
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      roles: apiTokens.roles,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < stale) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))),
      );
  }
  return { tokenId: row.id, userId: row.userId, roles: row.roles as Role[] | null, expiresAt: row.expiresAt };
}

/** A token as listed: never its hash, only the prefix that lets its owner recognise it. */
export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  user: { id: number; name: string; orgUnitName: string; systemAccount: boolean };
  /** The roles it is limited to; null = all the user's roles. */
  roles: Role[] | null;
  status: TokenStatus;
  createdAt: Date;
  createdBy: { id: number; name: string } | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: { id: number; name: string } | null;
  lastUsedAt: Date | null;
}

const issuers = alias(users, 'issuers');
const revokers = alias(users, 'revokers');

async function selectTokens(
  db: DbOrTx,
  where: SQL | undefined,
  limit: number,
  now: Date,
): Promise<ApiTokenRow[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      userId: apiTokens.userId,
      roles: apiTokens.roles,
      createdAt: apiTokens.createdAt,
      createdByUserId: apiTokens.createdByUserId,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      revokedByUserId: apiTokens.revokedByUserId,
      lastUsedAt: apiTokens.lastUsedAt,
      userName: users.name,
      userRoles: users.roles,
      orgUnitName: orgUnits.name,
      issuerName: issuers.name,
      revokerName: revokers.name,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .leftJoin(issuers, eq(issuers.id, apiTokens.createdByUserId))
    .leftJoin(revokers, eq(revokers.id, apiTokens.revokedByUserId))
    .where(where)
    .orderBy(desc(apiTokens.id))
    .limit(limit);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    user: {
      id: t.userId,
      name: t.userName,
      orgUnitName: t.orgUnitName,
      systemAccount: (t.userRoles as Role[]).includes(SYSTEM_ACCOUNT_ROLE),
    },
    roles: t.roles as Role[] | null,
    status: tokenStatus(t, now),
    createdAt: t.createdAt,
    createdBy: t.createdByUserId !== null ? { id: t.createdByUserId, name: t.issuerName ?? '' } : null,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    revokedBy: t.revokedByUserId !== null ? { id: t.revokedByUserId, name: t.revokerName ?? '' } : null,
    lastUsedAt: t.lastUsedAt,
  }));
}

function statusCondition(status: TokenStatus | undefined, now: Date): SQL | undefined {
  switch (status) {
    case undefined:
      return undefined;
    case 'revoked':
      return isNotNull(apiTokens.revokedAt);
    case 'expired':
      return and(isNull(apiTokens.revokedAt), lte(apiTokens.expiresAt, now));
    case 'active':
      return and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)));
  }
}

/** Tokens of the users in the actor's scope, newest first (finance bureau: `tokens.manage`). */
export async function listApiTokens(
  db: DbOrTx,
  actor: Actor,
  opts: { userId?: number; status?: TokenStatus; beforeId?: number; limit: number; now: Date },
): Promise<ApiTokenRow[]> {
  const scope = requirePermission(actor, 'tokens.manage');
  return selectTokens(
    db,
    and(
      sql`${orgUnits.path} like ${`${scope}%`}`,
      opts.userId !== undefined ? eq(apiTokens.userId, opts.userId) : undefined,
      opts.beforeId !== undefined ? lt(apiTokens.id, opts.beforeId) : undefined,
      statusCondition(opts.status, opts.now),
    ),
    opts.limit,
    opts.now,
  );
}

/** The actor's own tokens, newest first. */
export async function listOwnApiTokens(db: DbOrTx, actor: Actor, now: Date): Promise<ApiTokenRow[]> {
  if (actor.userId === null) return [];
  return selectTokens(db, eq(apiTokens.userId, actor.userId), 500, now);
}

async function getApiToken(db: DbOrTx, id: number, now: Date): Promise<ApiTokenRow> {
  const [row] = await selectTokens(db, eq(apiTokens.id, id), 1, now);
  if (!row) throw new NotFoundError(`令牌 ${id} 不存在`);
  return row;
}

interface Subject {
  id: number;
  roles: Role[];
}

function notInScope(field: string, message: string): InputError {
  return new InputError(`字段 ${field}：${message}`, [{ path: field, message }]);
}

async function userSubject(tx: Tx, scope: string, userId: number): Promise<Subject> {
  const [row] = await tx
    .select({ id: users.id, roles: users.roles, active: users.active, path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row?.path.startsWith(scope)) throw notInScope('userId', '用户不存在或不在您的数据范围内');
  if (!row.active) throw notInScope('userId', '该用户已停用，不能为其签发令牌');
  return { id: row.id, roles: row.roles as Role[] };
}

/** The system account of that name in that org unit (role 系统对接), created when there is none yet. */
async function systemSubject(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  scope: string,
  account: { name: string; orgUnitId: number },
): Promise<Subject> {
  const [org] = await tx.select().from(orgUnits).where(eq(orgUnits.id, account.orgUnitId)).limit(1);
  if (!org?.path.startsWith(scope))
    throw notInScope('systemAccount.orgUnitId', '单位不存在或不在您的数据范围内');
  const [existing] = await tx
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(
      and(
        eq(users.orgUnitId, org.id),
        eq(users.name, account.name),
        eq(users.active, true),
        sql`${SYSTEM_ACCOUNT_ROLE} = any(${users.roles})`,
      ),
    )
    .orderBy(asc(users.id))
    .limit(1);
  if (existing) return { id: existing.id, roles: existing.roles as Role[] };
  const roles: Role[] = [SYSTEM_ACCOUNT_ROLE];
  const [created] = await tx
    .insert(users)
    .values({ name: account.name, orgUnitId: org.id, roles, title: '系统账号' })
    .returning({ id: users.id });
  const id = (created as { id: number }).id;
  await appendAudit(
    tx,
    [
      {
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: { name: account.name, orgUnitId: org.id, roles, systemAccount: true },
      },
    ],
    platform.now(),
  );
  return { id, roles };
}

/**
 * Issues a token (finance bureau: `tokens.manage`) for a user in the actor's scope or a system account, with
 * the user's roles or fewer of them, expiring after `expiresInDays` (bounded by the token policy through
 * `apiTokenInputSchema`). The clear token is returned once; only
 * its hash is kept. Audited as `api_token.issue` (never with the token itself).
 */
export async function issueApiToken(
  platform: Platform,
  actor: Actor,
  input: ApiTokenInput,
): Promise<{ token: string; apiToken: ApiTokenRow }> {
  const scope = requirePermission(actor, 'tokens.manage');
  const token = generateToken();
  const now = platform.now();
  const id = await platform.db.transaction(async (tx) => {
    const subject =
      input.userId !== undefined
        ? await userSubject(tx, scope, input.userId)
        : await systemSubject(
            platform,
            tx,
            actor,
            scope,
            input.systemAccount as { name: string; orgUnitId: number },
          );
    const decided = decideTokenRoles(subject.roles, input.roles);
    if (!decided.ok) {
      const labels = decided.missing.map((r) => ROLES.labels[r]).join('、');
      throw new InputError(`字段 roles：该用户没有这些角色，令牌不能超出用户的权限：${labels}`, [
        { path: 'roles', message: `该用户没有这些角色：${labels}` },
      ]);
    }
    const expiresAt = tokenExpiry(now, input.expiresInDays);
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: subject.id,
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 7),
        roles: decided.roles,
        createdByUserId: actor.userId,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: apiTokens.id });
    const tokenId = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'api_token.issue',
          entityType: 'api_token',
          entityId: tokenId,
          after: {
            name: input.name,
            userId: subject.id,
            roles: decided.roles,
            expiresAt: expiresAt.toISOString(),
            prefix: token.slice(0, 7),
          },
        },
      ],
      now,
    );
    return tokenId;
  });
  return { token, apiToken: await getApiToken(platform.db, id, now) };
}

/**
 * Revokes a token: its owner may revoke their own, the finance bureau (`tokens.manage`) any in its scope.
 * Revoking a revoked token changes nothing. Audited as `api_token.revoke`.
 */
export async function revokeApiToken(
  platform: Platform,
  actor: Actor,
  tokenId: number,
): Promise<ApiTokenRow> {
  const now = platform.now();
  await platform.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: apiTokens.id,
        userId: apiTokens.userId,
        revokedAt: apiTokens.revokedAt,
        path: orgUnits.path,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(eq(apiTokens.id, tokenId))
      .limit(1)
      .for('update', { of: apiTokens });
    const own = row !== undefined && actor.userId !== null && row.userId === actor.userId;
    if (!row) throw new NotFoundError(`令牌 ${tokenId} 不存在`);
    if (!own) {
      if (!inScope(actor, row.path)) throw new NotFoundError(`令牌 ${tokenId} 不存在`);
      requirePermissionAt(actor, 'tokens.manage', row.path, `令牌 ${tokenId}`);
    }
    if (row.revokedAt) return;
    await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedByUserId: actor.userId })
      .where(eq(apiTokens.id, tokenId));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'api_token.revoke',
          entityType: 'api_token',
          entityId: tokenId,
          before: { revokedAt: null },
          after: { revokedAt: now.toISOString(), userId: row.userId },
        },
      ],
      now,
    );
  });
  return getApiToken(platform.db, tokenId, now);
}
