import { MONITORED_STATES } from '@jixiao/core';
import { textListSql } from '../sql-literals.ts';

/** `(…)` of the item states monitoring watches (core `MONITORED_STATES`), for `state in …`. */
export const MONITORED_STATES_SQL = textListSql(MONITORED_STATES);
