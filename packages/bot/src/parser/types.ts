/** Whose records a question is about. `all` means everything the asking user may see (data scope applies). */
export type Scope = 'mine' | 'department' | 'all';

export type WarningSeverity = 'yellow' | 'orange' | 'red';

/**
 * What a chat message asks for. The parser is deterministic; anything it cannot place is `unknown`
 * (and may go to the language model when one is configured).
 */
export type Intent =
  | { kind: 'help' }
  | { kind: 'greeting' }
  /** "好的", "行", "嗯": a yes that consents to nothing (only 确认 or the card's button does). */
  | { kind: 'assent' }
  /**
   * `subject`: an item (code or name), a department/unit or a region the list is narrowed to;
   * `fundType`: a fund-type word ("PPP", "专项债", "直达资金"). Both are resolved against the data.
   */
  | {
      kind: 'warnings';
      scope: Scope;
      severity?: WarningSeverity;
      status?: 'open' | 'acknowledged' | 'all';
      subject?: string;
      fundType?: string;
    }
  /** `query` is an item code ("JDZ-2026-0123", "2026-0123") or a name fragment; '' = the item in conversation memory. */
  | { kind: 'item_status'; query: string }
  /** No `query`: use the item in conversation memory ("它的指标呢"). */
  | { kind: 'item_indicators'; query?: string }
  | { kind: 'item_payments'; query?: string }
  | { kind: 'lagging_items'; scope: Scope; limit?: number; subject?: string; fundType?: string }
  /**
   * `name`: a department, unit or region ("住建局", "城市建设服务中心", "浮梁县", "全市"); `fundType`:
   * a fund-type word; `own`: the asker's department as a whole ("本部门", "全局", "部门汇总").
   */
  | {
      kind: 'summary';
      by: 'department' | 'fund_type' | 'region';
      name?: string;
      fundType?: string;
      own?: true;
    }
  | { kind: 'rectifications'; status?: 'open' | 'all' }
  /** 待办: everything waiting for the asker. */
  | { kind: 'todos' }
  | { kind: 'explain_warning'; warningRef?: string }
  | {
      kind: 'report_indicator';
      query?: string;
      indicator?: string;
      value?: number;
      unit?: string;
      qualitative?: 'met' | 'partly_met' | 'not_met';
    }
  | { kind: 'submit_rectification'; taskRef?: string; text?: string }
  | { kind: 'subscribe_digest' }
  | { kind: 'unsubscribe_digest' }
  | { kind: 'acknowledge'; ref?: string }
  | { kind: 'confirm' }
  | { kind: 'cancel' }
  | { kind: 'self_evaluation_coverage' }
  /** 本部门整体自评: status and score of the department-wide self-evaluations in scope (DW-4). */
  | { kind: 'department_self_evaluation' }
  | { kind: 'publications' }
  | { kind: 'management_assessment'; own: boolean }
  /**
   * 明年控制数 / 为什么扣减 (`why`), of the asker's department or the one named (`subject`); with
   * `whatIf`, the control number under other cut shares (0–1), computed without writing anything.
   */
  | {
      kind: 'control_numbers';
      subject?: string;
      why?: true;
      whatIf?: { cutForPoor?: number; cutForFair?: number };
    }
  /** 清理退出: exit candidates and overlapping policies and projects. */
  | { kind: 'exit_candidates' }
  /** 转移支付分配 / 浮梁县转移支付为什么是这么多: each county's score, factor and adjusted share. */
  | { kind: 'transfer_allocation'; county?: string }
  /** 我负责的整改: open rectifications on the projects the asker owns, with their accountability status. */
  | { kind: 'owner_rectifications' }
  | { kind: 'unknown'; text: string };

export type IntentKind = Intent['kind'];
