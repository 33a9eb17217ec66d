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
  | {
      kind: 'warnings';
      scope: Scope;
      severity?: WarningSeverity;
      status?: 'open' | 'acknowledged' | 'all';
    }
  /** `query` is an item code ("JDZ-2026-0123", "2026-0123") or a name fragment; '' = the item in conversation memory. */
  | { kind: 'item_status'; query: string }
  /** No `query`: use the item in conversation memory ("它的指标呢"). */
  | { kind: 'item_indicators'; query?: string }
  | { kind: 'item_payments'; query?: string }
  | { kind: 'lagging_items'; scope: Scope; limit?: number }
  | { kind: 'summary'; by: 'department' | 'fund_type' | 'region'; name?: string }
  | { kind: 'rectifications'; status?: 'open' | 'all' }
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
  | { kind: 'unknown'; text: string };

export type IntentKind = Intent['kind'];
