import { MONITORED_STATES, REPORTABLE_STATES } from '@jixiao/core';
import { textListSql } from '../sql-literals.ts';

/** `(…)` of the item states monitoring watches (core `MONITORED_STATES`), for `state in …`. */
export const MONITORED_STATES_SQL = textListSql(MONITORED_STATES);

/** `(…)` of the item states whose indicator progress may be reported (core `REPORTABLE_STATES`). */
export const REPORTABLE_STATES_SQL = textListSql(REPORTABLE_STATES);
