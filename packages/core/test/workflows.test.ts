import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideTaskAction,
  decideTaskCreation,
  decideWarningAction,
  RECTIFICATION_STATUSES,
  type RectificationStatus,
  ROLES,
  refusalError,
  type Severity,
  TASK_ACTIONS,
  type TaskCreationFacts,
  type TaskFacts,
  WARNING_ACTIONS,
  WARNING_STATUS_WHEN_WORSE,
  WARNING_STATUSES,
  type WarningFacts,
  type WarningStatus,
} from '../src/index.ts';

const warning = (over: Partial<WarningFacts> = {}): WarningFacts => ({
  status: 'open',
  severity: 'yellow',
  escalationLevel: 0,
  roles: ['finance_admin'],
  text: '说明',
  ...over,
});

describe('the warning workflow', () => {
  it('acknowledge keeps an escalated warning escalated; escalate raises severity one step and counts', () => {
    expect(decideWarningAction('acknowledge', warning({ roles: ['unit_officer'] }))).toMatchObject({
      ok: true,
      to: 'acknowledged',
    });
    expect(
      decideWarningAction('acknowledge', warning({ status: 'escalated', roles: ['dept_officer'] })),
    ).toMatchObject({ ok: true, to: 'escalated' });
    const steps: Array<[Severity, Severity]> = [
      ['yellow', 'orange'],
      ['orange', 'red'],
      ['red', 'red'],
    ];
    for (const [from, to] of steps) {
      expect(
        decideWarningAction(
          'escalate',
          warning({ status: 'acknowledged', severity: from, escalationLevel: 2 }),
        ),
      ).toMatchObject({ ok: true, to: 'escalated', severity: to, escalationLevel: 3 });
    }
    expect(decideWarningAction('resolve', warning({ status: 'escalated' }))).toMatchObject({
      ok: true,
      to: 'resolved',
    });
  });

  it('refuses in the order: role, then state, then missing text — with the messages users see', () => {
    expect(
      decideWarningAction('escalate', warning({ status: 'closed', roles: ['dept_officer'] })),
    ).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: '您的角色无权处置预警',
    });
    expect(
      decideWarningAction(
        'resolve',
        warning({ status: 'closed', closedOn: '2026-09-01', closeReason: '预警条件已消除' }),
      ),
    ).toMatchObject({ ok: false, code: 'conflict', message: '预警已于 2026-09-01 自动关闭：预警条件已消除' });
    expect(decideWarningAction('acknowledge', warning({ status: 'resolved' }))).toMatchObject({
      ok: false,
      code: 'conflict',
      message: '预警已办结',
    });
    const blank = decideWarningAction('apply_sanction', warning({ text: '  ' }));
    expect(blank).toMatchObject({ ok: false, code: 'invalid_input', field: 'reason' });
    expect(blank.ok ? null : refusalError(blank).message).toBe('字段 reason：须填写原因');
  });

  it('nothing leaves a closed warning, and a worse finding reopens what staff had acknowledged or resolved', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WARNING_ACTIONS), fc.subarray([...ROLES.values]), (action, roles) => {
        expect(decideWarningAction(action, warning({ status: 'closed', roles })).ok).toBe(false);
      }),
    );
    expect(WARNING_STATUS_WHEN_WORSE).toEqual({
      open: 'open',
      acknowledged: 'open',
      escalated: 'escalated',
      resolved: 'open',
    });
    // An accepted rectification resolves whatever is not closed.
    for (const status of WARNING_STATUSES) {
      expect(decideWarningAction('resolve_by_rectification', warning({ status })).ok).toBe(
        status !== 'closed',
      );
    }
  });
});

const task = (over: Partial<TaskFacts> = {}): TaskFacts => ({
  status: 'assigned',
  round: 1,
  roles: ['unit_officer'],
  actorUserId: 7,
  assigneeUserId: 7,
  assigneeName: '李教育',
  ...over,
});

describe('the rectification workflow', () => {
  it('assigned → submitted → returned (new round) → submitted → accepted', () => {
    const submit = decideTaskAction('submit', task());
    expect(submit).toMatchObject({ ok: true, from: 'assigned', to: 'submitted', round: 1 });
    const back = decideTaskAction(
      'return',
      task({ status: 'submitted', roles: ['finance_admin'], actorUserId: 1 }),
    );
    expect(back).toMatchObject({ ok: true, to: 'returned', round: 2 });
    expect(decideTaskAction('submit', task({ status: 'returned', round: 2 }))).toMatchObject({
      ok: true,
      to: 'submitted',
      round: 2,
    });
    expect(
      decideTaskAction(
        'accept',
        task({ status: 'submitted', round: 2, roles: ['finance_admin'], actorUserId: 1 }),
      ),
    ).toMatchObject({ ok: true, to: 'accepted', round: 2 });
  });

  it('only the assignee submits, only a submitted task is reviewed, with the messages users see', () => {
    expect(decideTaskAction('submit', task({ actorUserId: 8 }))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: '该整改任务的责任人是李教育，只能由其提交',
    });
    expect(decideTaskAction('submit', task({ status: 'accepted' }))).toMatchObject({
      ok: false,
      code: 'conflict',
      message: '整改任务当前为“已验收”，不能提交',
    });
    expect(decideTaskAction('accept', task({ roles: ['finance_admin'] }))).toMatchObject({
      ok: false,
      code: 'conflict',
      message: '整改任务当前为“待整改”，只能验收已提交的整改',
    });
    expect(decideTaskAction('accept', task({ status: 'submitted' }))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: '您的角色无权下达和验收整改',
    });
  });

  it('every action from every state either moves to a known state or refuses with a message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TASK_ACTIONS),
        fc.constantFrom(...RECTIFICATION_STATUSES),
        fc.subarray([...ROLES.values]),
        fc.boolean(),
        (action, status: RectificationStatus, roles, isAssignee) => {
          const d = decideTaskAction(action, task({ status, roles, actorUserId: isAssignee ? 7 : 9 }));
          if (d.ok) expect(RECTIFICATION_STATUSES).toContain(d.to);
          else expect(d.message.length).toBeGreaterThan(0);
          if (status === 'accepted' || status === 'cancelled') expect(d.ok).toBe(false);
        },
      ),
    );
  });

  it('a task is assigned only to someone responsible, with a deadline not past, on a warning still active', () => {
    const facts = (over: Partial<TaskCreationFacts>): TaskCreationFacts => ({
      roles: ['finance_admin'],
      deadline: '2026-09-15',
      today: '2026-08-31',
      warningStatus: 'open',
      assigneeResponsible: true,
      ...over,
    });
    expect(decideTaskCreation(facts({}))).toMatchObject({ ok: true, to: 'assigned', round: 1 });
    expect(decideTaskCreation(facts({ warningStatus: null }))).toMatchObject({ ok: true });
    const refusals: Array<[Partial<TaskCreationFacts>, string]> = [
      [{ roles: ['dept_officer'] }, '您的角色无权下达和验收整改'],
      [{ deadline: '2026-08-30' }, '字段 deadline：整改期限不能早于今天'],
      [{ warningStatus: 'closed' as WarningStatus }, '该预警已自动关闭，无需整改'],
      [{ warningStatus: 'resolved' as WarningStatus }, '该预警已办结，无需整改'],
      [
        { assigneeResponsible: false },
        '字段 assigneeUserId：整改责任人须为项目所属单位或其主管部门的绩效专员',
      ],
    ];
    for (const [over, message] of refusals) {
      const d = decideTaskCreation(facts(over));
      expect(d.ok ? null : refusalError(d).message).toBe(message);
    }
  });
});
