import { hasPermission, PERMISSION_LABELS, type Permission } from '../permissions.ts';
import type { Role } from '../vocabulary.ts';
import type { WorkflowRefusal } from '../workflows/refusal.ts';

/**
 * 绩效信息公开 (DI-1, DI-4): a set of what is published with a budget or final-accounts draft. The
 * finance bureau selects it (a draft with its snapshot), submits it; a reviewer approves it with a
 * date of publication or returns it. An approved version is immutable; it is public from its date
 * on. A correction is a new version of the same set, with a note, going through the same review.
 */
export const PUBLICATION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export const PUBLICATION_STATUS_LABELS: Readonly<Record<PublicationStatus, string>> = {
  draft: '选编中',
  submitted: '待审核',
  returned: '退回修改',
  approved: '已审定',
};

export const PUBLICATION_DRAFTS = ['budget', 'final_accounts'] as const;
export type PublicationDraft = (typeof PUBLICATION_DRAFTS)[number];

export const PUBLICATION_DRAFT_LABELS: Readonly<Record<PublicationDraft, string>> = {
  budget: '预算草案',
  final_accounts: '决算草案',
};

export const PUBLICATION_ACTIONS = ['reselect', 'submit', 'approve', 'return'] as const;
export type PublicationAction = (typeof PUBLICATION_ACTIONS)[number];

export interface PublicationFacts {
  status: PublicationStatus;
  roles: readonly Role[];
  actorUserId: number | null;
  /** Who submitted the version (the reviewer must be someone else). */
  submittedBy: number | null;
  today: string;
  /** For approve: the date it is published on (YYYY-MM-DD). */
  publishOn?: string | null;
  /** For return: why. */
  comment?: string | null;
}

export type PublicationDecision =
  | { ok: true; action: PublicationAction; from: PublicationStatus; to: PublicationStatus }
  | ({ ok: false; action: PublicationAction; from: PublicationStatus } & WorkflowRefusal);

interface Spec {
  from: readonly PublicationStatus[];
  permission: Permission;
  to: PublicationStatus;
}

const SPECS: Readonly<Record<PublicationAction, Spec>> = {
  reselect: { from: ['draft', 'returned'], permission: 'publications.manage', to: 'draft' },
  submit: { from: ['draft', 'returned'], permission: 'publications.manage', to: 'submitted' },
  approve: { from: ['submitted'], permission: 'publications.review', to: 'approved' },
  return: { from: ['submitted'], permission: 'publications.review', to: 'returned' },
};

const ACTION_LABELS: Readonly<Record<PublicationAction, string>> = {
  reselect: '重新选编',
  submit: '报送审核',
  approve: '审定公开',
  return: '退回',
};

/** Whether `action` may be taken on a publication version; pure. */
export function decidePublicationAction(action: PublicationAction, f: PublicationFacts): PublicationDecision {
  const spec = SPECS[action];
  const refuse = (r: WorkflowRefusal): PublicationDecision => ({ ok: false, action, from: f.status, ...r });
  if (!hasPermission(f.roles, spec.permission)) {
    return refuse({ code: 'not_allowed', message: `您的角色无权${PERMISSION_LABELS[spec.permission]}` });
  }
  if (!spec.from.includes(f.status)) {
    const why =
      f.status === 'approved'
        ? '已审定的公开版本不能修改；需要更正的，请发布更正版本并说明'
        : `当前状态为「${PUBLICATION_STATUS_LABELS[f.status]}」，不能${ACTION_LABELS[action]}`;
    return refuse({ code: 'conflict', message: why });
  }
  if (
    (action === 'approve' || action === 'return') &&
    f.actorUserId !== null &&
    f.actorUserId === f.submittedBy
  ) {
    return refuse({ code: 'not_allowed', message: '报送人不能审核自己报送的公开内容，请由其他审核人审核' });
  }
  if (action === 'approve') {
    if (!f.publishOn || !/^\d{4}-\d{2}-\d{2}$/.test(f.publishOn)) {
      return refuse({ code: 'invalid_input', field: 'publishOn', message: '请填写公开日期（YYYY-MM-DD）' });
    }
    if (f.publishOn < f.today) {
      return refuse({ code: 'invalid_input', field: 'publishOn', message: '公开日期不能早于今天' });
    }
  }
  if (action === 'return' && !f.comment?.trim()) {
    return refuse({ code: 'invalid_input', field: 'comment', message: '退回须说明理由' });
  }
  return { ok: true, action, from: f.status, to: spec.to };
}

/** A version is public from its date on, once approved. */
export function isPublic(v: { status: PublicationStatus; publishOn: string | null }, today: string): boolean {
  return v.status === 'approved' && v.publishOn !== null && v.publishOn <= today;
}

/** A correction must say what it corrects. */
export function correctionNoteIssue(note: string | null | undefined): string | null {
  return note && note.trim().length >= 4 ? null : '更正版本须写明更正说明（至少 4 个字）';
}
