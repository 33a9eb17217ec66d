import {
  correctionNoteIssue,
  decidePublicationAction,
  InputError,
  NotFoundError,
  type PublicationAction,
  type PublicationDraft,
  type PublicationStatus,
  type PublicSnapshot,
  publicProjection,
  type RawBlock,
  type RawSnapshot,
  type RawSubject,
  refusalError,
} from '@jixiao/core';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { type Platform, today } from '../platform.ts';
import {
  budgetItems,
  orgUnits,
  type PublicationSelection,
  publications,
  regions,
  users,
} from '../schema/index.ts';
import { DEFAULT_SECTION_PROVIDERS } from './providers.ts';
import type {
  PublicationSectionProvider,
  SectionContext,
  SelectedDepartment,
  SelectedItem,
} from './sections.ts';

export interface PublicationRow {
  id: number;
  region: { id: number; code: string; name: string };
  fiscalYear: number;
  draft: PublicationDraft;
  version: number;
  status: PublicationStatus;
  selection: PublicationSelection;
  /** What the public will see (the projection). */
  public: PublicSnapshot;
  note: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  publishOn: string | null;
  createdAt: Date;
}

export interface PublicationInput {
  fiscalYear: number;
  draft: PublicationDraft;
  itemIds: number[];
  departmentIds: number[];
  /** Section ids; all known sections when omitted. */
  sections?: string[];
  /** Required for a correction (a set already approved). */
  note?: string | null;
}

export interface PublicationOptions {
  providers?: readonly PublicationSectionProvider[];
}

const toRow = (r: {
  p: typeof publications.$inferSelect;
  regionCode: string;
  regionName: string;
}): PublicationRow => ({
  id: r.p.id,
  region: { id: r.p.regionId, code: r.regionCode, name: r.regionName },
  fiscalYear: r.p.fiscalYear,
  draft: r.p.draft,
  version: r.p.version,
  status: r.p.status,
  selection: r.p.selection,
  public: r.p.public,
  note: r.p.note,
  submittedAt: r.p.submittedAt,
  reviewedAt: r.p.reviewedAt,
  reviewComment: r.p.reviewComment,
  publishOn: r.p.publishOn,
  createdAt: r.p.createdAt,
});

function query(db: DbOrTx) {
  return db
    .select({ p: publications, regionCode: regions.code, regionName: regions.name })
    .from(publications)
    .innerJoin(regions, eq(regions.id, publications.regionId));
}

/** The region an actor's publication work is for: their own. */
function regionOf(actor: Actor): number {
  if (actor.regionId === null) {
    throw new InputError('字段 regionId：系统账号不能选编公开内容', [
      { path: 'regionId', message: '无所属区划' },
    ]);
  }
  return actor.regionId;
}

/** Publication versions of the actor's region (finance bureau and reviewers), newest first. */
export async function listPublications(
  db: DbOrTx,
  actor: Actor,
  f: { fiscalYear?: number; status?: PublicationStatus; limit: number },
): Promise<PublicationRow[]> {
  const conds = [eq(publications.regionId, actor.regionId ?? -1)];
  if (f.fiscalYear !== undefined) conds.push(eq(publications.fiscalYear, f.fiscalYear));
  if (f.status) conds.push(eq(publications.status, f.status));
  const rows = await query(db)
    .where(and(...conds))
    .orderBy(desc(publications.fiscalYear), asc(publications.draft), desc(publications.version))
    .limit(f.limit);
  return rows.map(toRow);
}

export async function getPublication(db: DbOrTx, actor: Actor, id: number): Promise<PublicationRow> {
  const [row] = await query(db)
    .where(and(eq(publications.id, id), eq(publications.regionId, actor.regionId ?? -1)))
    .limit(1);
  if (!row) throw new NotFoundError(`公开版本 ${id} 不存在或不在您的数据范围内`, { publicationId: id });
  return toRow(row);
}

const departmentIdOf = (path: string): number | null => {
  const m = /o(\d+)\//.exec(path);
  return m ? Number(m[1]) : null;
};

async function selectedItems(tx: DbOrTx, regionId: number, ids: readonly number[]): Promise<SelectedItem[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ i: budgetItems, orgName: orgUnits.name, orgPath: orgUnits.path, orgRegion: orgUnits.regionId })
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(inArray(budgetItems.id, [...ids]))
    .orderBy(asc(budgetItems.code));
  const found = new Set(rows.filter((r) => r.orgRegion === regionId).map((r) => r.i.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new InputError(`字段 itemIds：项目 ${missing.join('、')} 不存在或不属于本级`, [
      { path: 'itemIds', message: '不存在或不属于本级' },
    ]);
  }
  const deptIds = [...new Set(rows.map((r) => departmentIdOf(r.orgPath) ?? r.i.orgUnitId))];
  const depts = await tx
    .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
    .from(orgUnits)
    .where(inArray(orgUnits.id, deptIds));
  const deptById = new Map(depts.map((d) => [d.id, d]));
  return rows.map((r) => {
    const deptId = departmentIdOf(r.orgPath) ?? r.i.orgUnitId;
    const d = deptById.get(deptId);
    return {
      id: r.i.id,
      code: r.i.code,
      name: r.i.name,
      kind: r.i.kind,
      orgUnitId: r.i.orgUnitId,
      orgUnitName: r.orgName,
      departmentId: deptId,
      departmentCode: d?.code ?? String(deptId),
      departmentName: d?.name ?? r.orgName,
      approvedAmountFen: r.i.approvedAmountFen,
      responsiblePerson: r.i.responsiblePerson,
      isNewMajor: r.i.isNewMajor,
    };
  });
}

async function selectedDepartments(
  tx: DbOrTx,
  regionId: number,
  ids: readonly number[],
): Promise<SelectedDepartment[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({
      id: orgUnits.id,
      code: orgUnits.code,
      name: orgUnits.name,
      kind: orgUnits.kind,
      regionId: orgUnits.regionId,
    })
    .from(orgUnits)
    .where(inArray(orgUnits.id, [...ids]))
    .orderBy(asc(orgUnits.code));
  const ok = rows.filter((r) => r.regionId === regionId && r.kind === 'department');
  const missing = ids.filter((id) => !ok.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new InputError(`字段 departmentIds：${missing.join('、')} 不是本级主管部门`, [
      { path: 'departmentIds', message: '须为本级主管部门' },
    ]);
  }
  return ok.map((r) => ({ id: r.id, code: r.code, name: r.name }));
}

/**
 * Collects the raw snapshot from the section providers and its public projection. Every user's
 * name and every responsible person is treated as personal and scrubbed from what is public.
 */
async function buildSnapshot(
  tx: DbOrTx,
  platform: Pick<Platform, 'config'>,
  regionId: number,
  input: { fiscalYear: number; draft: PublicationDraft; selection: PublicationSelection },
  providers: readonly PublicationSectionProvider[] = DEFAULT_SECTION_PROVIDERS,
): Promise<{ raw: RawSnapshot; public: PublicSnapshot }> {
  const [region] = await tx.select().from(regions).where(eq(regions.id, regionId)).limit(1);
  const items = await selectedItems(tx, regionId, input.selection.itemIds);
  const departments = await selectedDepartments(tx, regionId, input.selection.departmentIds);
  const ctx: SectionContext = {
    db: tx,
    platform,
    regionId,
    fiscalYear: input.fiscalYear,
    draft: input.draft,
    items,
    departments,
  };
  const chosen = providers.filter((p) => input.selection.sections.includes(p.section));
  const blocks = new Map<string, RawBlock[]>();
  const key = (kind: string, id: number) => `${kind}:${id}`;
  for (const p of chosen) {
    for (const c of await p.collect(ctx)) {
      const k = key(c.subject.kind, c.subject.id);
      blocks.set(k, [...(blocks.get(k) ?? []), c.block]);
    }
  }
  const allDepts = new Map<number, { key: string; name: string }>();
  for (const d of departments) allDepts.set(d.id, { key: d.code, name: d.name });
  for (const i of items) allDepts.set(i.departmentId, { key: i.departmentCode, name: i.departmentName });
  const subjects: RawSubject[] = [
    ...departments.map(
      (d): RawSubject => ({
        kind: 'department',
        key: d.code,
        name: d.name,
        departmentKey: d.code,
        blocks: blocks.get(key('department', d.id)) ?? [],
      }),
    ),
    ...items.map(
      (i): RawSubject => ({
        kind: 'item',
        key: i.code,
        name: i.name,
        departmentKey: i.departmentCode,
        blocks: blocks.get(key('item', i.id)) ?? [],
      }),
    ),
  ];
  const raw: RawSnapshot = {
    regionName: region?.name ?? '',
    fiscalYear: input.fiscalYear,
    draft: input.draft,
    departments: [...allDepts.values()].sort((a, b) => a.key.localeCompare(b.key)),
    subjects,
  };
  const names = (await tx.select({ name: users.name }).from(users)).map((u) => u.name);
  for (const p of chosen) if (p.personalNames) names.push(...(await p.personalNames(ctx)));
  names.push(...items.map((i) => i.responsiblePerson));
  return { raw, public: publicProjection(raw, names) };
}

function selectionOf(
  input: PublicationInput,
  providers: readonly PublicationSectionProvider[],
): PublicationSelection {
  const known = providers.map((p) => p.section);
  const sections = input.sections ?? known;
  const unknown = sections.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new InputError(`字段 sections：不认识的公开栏目 ${unknown.join('、')}`, [
      { path: 'sections', message: `可选：${known.join('、')}` },
    ]);
  }
  if (input.itemIds.length === 0 && input.departmentIds.length === 0) {
    throw new InputError('字段 itemIds：请至少选择一个项目或部门', [
      { path: 'itemIds', message: '不能为空' },
    ]);
  }
  return {
    itemIds: [...new Set(input.itemIds)].sort((a, b) => a - b),
    departmentIds: [...new Set(input.departmentIds)].sort((a, b) => a - b),
    sections: known.filter((s) => sections.includes(s)),
  };
}

/**
 * Starts a version of what is published with a year's budget or final-accounts draft (选编). When
 * the set has an approved version already this is a correction, and needs a note.
 */
export async function createPublication(
  platform: Platform,
  actor: Actor,
  input: PublicationInput,
  opts: PublicationOptions = {},
): Promise<PublicationRow> {
  requirePermission(actor, 'publications.manage');
  const regionId = regionOf(actor);
  const providers = opts.providers ?? DEFAULT_SECTION_PROVIDERS;
  const selection = selectionOf(input, providers);
  const id = await platform.db.transaction(async (tx) => {
    const set = and(
      eq(publications.regionId, regionId),
      eq(publications.fiscalYear, input.fiscalYear),
      eq(publications.draft, input.draft),
    );
    const existing = await tx
      .select()
      .from(publications)
      .where(set)
      .orderBy(desc(publications.version))
      .for('update');
    const open = existing.find((p) => p.status !== 'approved');
    if (open) {
      throw new InputError(`字段 fiscalYear：该年度已有第 ${open.version} 版正在选编或审核，请在其上修改`, [
        { path: 'fiscalYear', message: '已有未审定的版本' },
      ]);
    }
    const isCorrection = existing.length > 0;
    if (isCorrection) {
      const issue = correctionNoteIssue(input.note);
      if (issue) throw new InputError(`字段 note：${issue}`, [{ path: 'note', message: issue }]);
    }
    const snap = await buildSnapshot(tx, platform, regionId, { ...input, selection }, providers);
    const at = platform.now();
    const [row] = await tx
      .insert(publications)
      .values({
        regionId,
        fiscalYear: input.fiscalYear,
        draft: input.draft,
        version: (existing[0]?.version ?? 0) + 1,
        selection,
        raw: snap.raw,
        public: snap.public,
        note: isCorrection ? (input.note?.trim() ?? null) : input.note?.trim() || null,
        createdBy: actor.userId,
      })
      .returning({ id: publications.id });
    const pid = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: isCorrection ? 'publication.correct' : 'publication.create',
          entityType: 'publication',
          entityId: pid,
          after: { fiscalYear: input.fiscalYear, draft: input.draft, selection, note: input.note ?? null },
        },
      ],
      at,
    );
    return pid;
  });
  return getPublication(platform.db, actor, id);
}

async function lockPublication(tx: Tx, actor: Actor, id: number) {
  const [row] = await tx
    .select()
    .from(publications)
    .where(and(eq(publications.id, id), eq(publications.regionId, actor.regionId ?? -1)))
    .for('update');
  if (!row) throw new NotFoundError(`公开版本 ${id} 不存在或不在您的数据范围内`, { publicationId: id });
  return row;
}

/** Changes what a draft or returned version publishes (the snapshot is collected again). */
export async function reselectPublication(
  platform: Platform,
  actor: Actor,
  id: number,
  input: Omit<PublicationInput, 'fiscalYear' | 'draft'>,
  opts: PublicationOptions = {},
): Promise<PublicationRow> {
  const providers = opts.providers ?? DEFAULT_SECTION_PROVIDERS;
  await platform.db.transaction(async (tx) => {
    const p = await lockPublication(tx, actor, id);
    const d = decidePublicationAction('reselect', {
      status: p.status,
      roles: actor.roles,
      actorUserId: actor.userId,
      submittedBy: p.submittedBy,
      today: today(platform),
    });
    if (!d.ok) throw refusalError(d, { publicationId: id });
    const selection = selectionOf({ ...input, fiscalYear: p.fiscalYear, draft: p.draft }, providers);
    const snap = await buildSnapshot(
      tx,
      platform,
      p.regionId,
      { fiscalYear: p.fiscalYear, draft: p.draft, selection },
      providers,
    );
    const at = platform.now();
    await tx
      .update(publications)
      .set({
        selection,
        raw: snap.raw,
        public: snap.public,
        status: 'draft',
        ...(input.note !== undefined ? { note: input.note?.trim() || null } : {}),
        updatedAt: at,
      })
      .where(eq(publications.id, id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'publication.reselect',
          entityType: 'publication',
          entityId: id,
          before: p.selection,
          after: selection,
        },
      ],
      at,
    );
  });
  return getPublication(platform.db, actor, id);
}

/** Submit for review, approve with a date of publication, or return with a comment. */
export async function actOnPublication(
  platform: Platform,
  actor: Actor,
  id: number,
  action: Exclude<PublicationAction, 'reselect'>,
  input: { publishOn?: string | null; comment?: string | null } = {},
): Promise<PublicationRow> {
  await platform.db.transaction(async (tx) => {
    const p = await lockPublication(tx, actor, id);
    const d = decidePublicationAction(action, {
      status: p.status,
      roles: actor.roles,
      actorUserId: actor.userId,
      submittedBy: p.submittedBy,
      today: today(platform),
      publishOn: input.publishOn ?? null,
      comment: input.comment ?? null,
    });
    if (!d.ok) throw refusalError(d, { publicationId: id });
    if (p.note === null && p.version > 1) {
      throw new InputError('字段 note：更正版本须写明更正说明', [{ path: 'note', message: '不能为空' }]);
    }
    const at = platform.now();
    const set =
      action === 'submit'
        ? { status: d.to, submittedBy: actor.userId, submittedAt: at, updatedAt: at }
        : {
            status: d.to,
            reviewedBy: actor.userId,
            reviewedAt: at,
            reviewComment: input.comment?.trim() || null,
            publishOn: action === 'approve' ? (input.publishOn ?? null) : null,
            updatedAt: at,
          };
    await tx
      .update(publications)
      .set(set)
      .where(and(eq(publications.id, id), ne(publications.status, 'approved')));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `publication.${action}`,
          entityType: 'publication',
          entityId: id,
          before: { status: p.status },
          after: { status: d.to, publishOn: input.publishOn ?? null, comment: input.comment ?? null },
        },
      ],
      at,
    );
  });
  return getPublication(platform.db, actor, id);
}

/** A publication version with what of it concerns the actor's own departments (null: the actor oversees the region). */
export interface PublicationOverview {
  publication: PublicationRow;
  mine: string[] | null;
}

/**
 * The latest version of each of the region's publications, newest year first, and for a
 * department's officer the names of their department's subjects in it: what of theirs will be
 * published and where its review stands.
 */
export async function publicationOverview(
  db: DbOrTx,
  actor: Actor,
  limit = 6,
): Promise<PublicationOverview[]> {
  const rows = await listPublications(db, actor, { limit: 100 });
  const latest = new Map<string, PublicationRow>();
  for (const r of rows) {
    const k = `${r.fiscalYear}:${r.draft}`;
    if (!latest.has(k)) latest.set(k, r);
  }
  const [region] = await db
    .select({ path: regions.path })
    .from(regions)
    .where(eq(regions.id, actor.regionId ?? -1))
    .limit(1);
  const overseesRegion = region?.path.startsWith(actor.scopePath) ?? false;
  let codes: Set<string> | null = null;
  if (!overseesRegion) {
    const depts = await db
      .select({ code: orgUnits.code })
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.kind, 'department'),
          sql`(${orgUnits.path} like ${`${actor.scopePath}%`} or ${actor.scopePath} like ${orgUnits.path} || '%')`,
        ),
      );
    codes = new Set(depts.map((d) => d.code));
  }
  return [...latest.values()].slice(0, limit).map((publication) => ({
    publication,
    mine: codes
      ? publication.public.subjects
          .filter((s) => s.departmentKey !== null && (codes as Set<string>).has(s.departmentKey))
          .map((s) => (s.kind === 'department' ? `${s.name}（部门整体）` : s.name))
      : null,
  }));
}
