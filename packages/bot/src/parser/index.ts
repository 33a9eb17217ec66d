export type { FuzzyMatch, FuzzyMatchOptions } from './fuzzy.ts';
export { fuzzyMatch } from './fuzzy.ts';
export type { IntentRule } from './intents.ts';
export { commandCore, INTENT_RULES, MAX_PARSE_CHARS, parseIntent } from './intents.ts';
export { convertChineseNumerals, normalizeText } from './normalize.ts';
export { parseChineseNumber } from './numbers.ts';
export type { Intent, IntentKind, Scope, WarningSeverity } from './types.ts';
