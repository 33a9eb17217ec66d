import type { OpenAPIHono } from '@hono/zod-openapi';
import type {
  BudgetBook,
  ExAnteAssessmentInput,
  Finding,
  IndicatorLevel1,
  IndicatorLevel2,
  IndicatorStandard,
  ItemKind,
  ItemSnapshot,
  ItemState,
  LifecycleAction,
  Operator,
  PolicyConfig,
  RegionFacts,
  Reply,
  Role,
  RuleContext,
  RuleInput,
  Severity,
} from '@jixiao/core';
import type { z } from 'zod';
import type { PluginExamples } from './examples.ts';

/** A recommended core indicator for targets of this fund type (IN-2/IN-3). */
export interface IndicatorTemplate {
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  /** Typical target: a number for ≥ ≤ =, [min, max] for a range, text for qualitative. */
  typicalTarget: number | readonly [number, number] | string;
  unit: string;
  /** Where the indicator comes from (a rule id of shared/domain or a document number). */
  source?: string;
  /** The standard its typical target follows (default 行业标准). */
  standard?: IndicatorStandard;
}

/**
 * A pass/fail dimension this fund type adds to the ex-ante assessment (EA-5: PPP 物有所值评价,
 * debt 收益与融资自求平衡); a failed one makes the computed conclusion 不予支持.
 */
export interface ExAnteDimensionTemplate<A = unknown> {
  /** kebab-case, unique within the plugin. */
  id: string;
  name: string;
  /** What the assessor checks, in the words they read. */
  guidance: string;
  source: string;
  /** Whether it applies to an item with these attributes (default: always). */
  appliesTo?(attributes: A): boolean;
}

/** One scored line of an evaluation template. */
export interface EvaluationLine {
  name: string;
  weight: number;
  /** How points are given, in the words an evaluator reads. */
  scoring: string;
}

/** A first-level dimension of an evaluation template (决策 / 过程 / 产出 / 效益 …). */
export interface EvaluationDimension {
  name: string;
  weight: number;
  lines: readonly EvaluationLine[];
}

/** The scoring template evaluators use for this fund type; weights add up to 100. */
export interface EvaluationTemplate {
  name: string;
  dimensions: readonly EvaluationDimension[];
}

/**
 * Parts of the snapshot that are costly to load for a whole province. A rule lists the ones it
 * reads in `uses`; the others come empty (`indicators: []`, `paidByMonth: []`). The test harness
 * gives rules only what they declare, so a missing declaration fails the plugin's own tests.
 */
export type SnapshotPart = 'indicators' | 'paymentsByMonth';

interface RuleBase {
  /** kebab-case, unique within the plugin. */
  id: string;
  /** Chinese name shown with warnings. */
  name: string;
  /** The policy it enforces (document number or rule id). */
  source: string;
}

interface MonitoringRuleBase extends RuleBase {
  /**
   * Everything the rule reads: `payments`, `indicators` (with their reports), `target`,
   * `attributes` (the item's own fields and the fund type's attributes), `state`, `date`
   * (`calendar.asOf`, `month`, `timeProgressBp`). A write to an item re-judges it with the rules
   * that read what changed, and the nightly sweep re-runs over every item only the rules that read
   * `date`. The plugin contract changes each input a rule does not declare and fails when its
   * answer moves.
   */
  inputs: readonly RuleInput[];
  /**
   * For a rule that reads `date`: on which days its answer can change with the date alone
   * (`DateChange`). The nightly sweep then re-runs it only over the items where such a day came
   * since its last run, instead of over every item of its fund type. The plugin contract moves the
   * date between days outside these and fails when the answer moves. Absent: any day.
   */
  dateChanges?: readonly DateChange[];
}

/**
 * Days on which a rule's answer can change with the date alone (the item and its data unchanged):
 * - `{ after: 'x' }`: every day after the date in the attribute `x` (`YYYY-MM-DD`; days or
 *   months since it), none while `x` is absent, nor — with `unless: 'y'` — while attribute `y` is set;
 * - `'fiscalYear'`: every day of the item's current fiscal year and the first day after it
 *   (time progress, the month of the year);
 * - `'fiscalYearEnd'`: only the first day after the item's current fiscal year.
 */
export type DateChange = { after: string; unless?: string } | 'fiscalYear' | 'fiscalYearEnd';

/** A pure rule over one item's snapshot; `S` is its plugin's settings. */
export interface ItemRule<A, S = unknown> extends MonitoringRuleBase {
  scope: 'item';
  /** The costly snapshot parts it reads (default: none). */
  uses?: readonly SnapshotPart[];
  evaluate(snapshot: ItemSnapshot<A>, ctx: RuleContext<S>): Finding[];
}

/** A finding about one item of a portfolio. */
export interface PortfolioFinding extends Finding {
  itemId: number;
}

/**
 * A pure rule over all items of this fund type in one region and year, with the region's
 * budget figures (for red lines such as PPP affordability that no single item shows).
 */
export interface PortfolioRule<A, S = unknown> extends MonitoringRuleBase {
  scope: 'portfolio';
  /** The costly snapshot parts it reads (default: none). */
  uses?: readonly SnapshotPart[];
  evaluate(
    snapshots: readonly ItemSnapshot<A>[],
    region: RegionFacts | null,
    ctx: RuleContext<S>,
  ): PortfolioFinding[];
}

export type MonitoringRule<A, S = unknown> = ItemRule<A, S> | PortfolioRule<A, S>;

/** What a review check looks at before targets or an ex-ante assessment are approved. */
export interface ReviewInput<A> {
  item: ItemSnapshot<A>['item'];
  attributes: A;
  target: {
    overallGoal: string;
    indicators: ReadonlyArray<{
      name: string;
      level1: IndicatorLevel1;
      level2: IndicatorLevel2;
      operator: Operator;
      targetValue: number | null;
      targetMin: number | null;
      targetMax: number | null;
      targetText: string | null;
      unit: string;
      weight: number;
    }>;
  } | null;
  exAnte: ExAnteAssessmentInput | null;
}

export type ReviewOutcome = 'pass' | 'warn' | 'fail';

export interface ReviewResult {
  outcome: ReviewOutcome;
  /** Chinese reasons; required unless the outcome is pass. */
  reasons: string[];
}

export interface ReviewCheck<A, S = unknown> extends RuleBase {
  /** Which approval it runs before. */
  appliesTo: 'targets' | 'ex_ante';
  run(input: ReviewInput<A>, ctx: RuleContext<S>): ReviewResult;
}

/** Read access, scoped to the asking user, that plugin bot commands and routes receive. */
export interface ScopedReader {
  /** Items of this plugin's fund type the user may see. */
  listItems(filter?: { fiscalYear?: number; state?: ItemState; limit?: number }): Promise<ItemSnapshot[]>;
  /** One item's snapshot, or null when it doesn't exist or is outside the user's scope. */
  getItem(itemId: number): Promise<ItemSnapshot | null>;
  /** Budget figures of a region the user may see. */
  regionFacts(regionId: number, fiscalYear: number): Promise<RegionFacts | null>;
}

export interface Asker {
  userId: number;
  name: string;
  roles: readonly Role[];
}

export interface BotCommandContext<S = unknown> {
  text: string;
  /** Today in China (YYYY-MM-DD), by the platform's clock. */
  today: string;
  /** Named groups of the pattern that matched. */
  match: Readonly<Record<string, string>>;
  asker: Asker;
  reader: ScopedReader;
  /** The platform's numbers as they apply to this fund type. */
  config: PolicyConfig;
  /** The plugin's own settings, validated. */
  settings: S;
}

/**
 * An extra chat intent: when a pattern matches, `answer` runs as the asking user. A pattern that
 * matches one of the bot's own phrases (`BUILT_IN_PHRASES`) is refused at load.
 */
export interface BotCommand<S = unknown> {
  id: string;
  /** Shown in 帮助. */
  help: string;
  patterns: readonly RegExp[];
  answer(ctx: BotCommandContext<S>): Promise<Reply>;
}

/**
 * Hono variables plugin routes get: the caller, a reader scoped to them (never a connection), the
 * platform's numbers as they apply to this fund type, and the platform's today.
 */
export interface PluginRouteEnv {
  Variables: { asker: Asker; reader: ScopedReader; config: PolicyConfig; today: string };
}

/** What a plugin's routes are mounted with: its settings, fixed for the life of the server. */
export interface PluginRouteContext<S> {
  settings: S;
}

/** Mounts a plugin's routes on the app the platform gives it. */
export type PluginRoutes<S = unknown> = (
  app: OpenAPIHono<PluginRouteEnv>,
  context: PluginRouteContext<S>,
) => void;

/**
 * A plugin's own numbers: a zod schema whose every field has a default (the plugin works with no
 * configuration), and where each default comes from. Operators override them in the policy
 * configuration under `plugins.<id>`; rules, checks, commands and routes get the validated value.
 */
export interface PluginSettings<S> {
  schema: z.ZodType<S>;
  /** Policy source of each setting, by key (a document number or a rule id of shared/domain/rules.md). */
  sources: Readonly<Record<string, string>>;
}

/** A lifecycle hook may refuse a transition with a Chinese reason, or allow it (null). */
export interface LifecycleHooks<A> {
  beforeTransition?(input: {
    action: LifecycleAction;
    item: ItemSnapshot<A>['item'];
    attributes: A;
  }): string | null;
}

/** What a plugin declares; `A` is its attributes, `S` its settings. */
export interface PluginDefinition<A, S = Record<string, never>> {
  /** kebab-case id; becomes the fund type id. */
  id: string;
  /** Chinese name of the fund type. */
  name: string;
  budgetBook: BudgetBook;
  /** Item kinds this fund type is used for (default: all). */
  itemKinds?: readonly ItemKind[];
  description?: string;
  /** Extra fields on a BudgetItem of this type; keys it does not declare are refused. */
  attributes: z.ZodType<A>;
  /** The plugin's own thresholds, shares and deadlines (default: none). */
  settings?: PluginSettings<S>;
  /** Worked examples: a clean item and one firing item per monitoring rule. */
  examples?: PluginExamples<unknown>;
  indicatorLibrary?: readonly IndicatorTemplate[];
  exAnteDimensions?: readonly ExAnteDimensionTemplate<A>[];
  evaluation?: EvaluationTemplate;
  monitoringRules?: readonly MonitoringRule<A, S>[];
  reviewChecks?: readonly ReviewCheck<A, S>[];
  botCommands?: readonly BotCommand<S>[];
  /**
   * Extra routes under /api/v1/plugins/<id> (a `PluginRoutes<S>`). Declared as a method so that,
   * like rules and commands, a plugin with its own settings type sits in the registry beside the
   * others (method parameters are compared bivariantly).
   */
  routes?(app: OpenAPIHono<PluginRouteEnv>, context: PluginRouteContext<S>): void;
  hooks?: LifecycleHooks<A>;
}

/** A validated plugin. `A` and `S` are erased at the registry so plugins of different types sit together. */
export interface Plugin<A = unknown, S = unknown>
  extends Readonly<
    Required<
      Omit<PluginDefinition<A, S>, 'routes' | 'hooks' | 'description' | 'itemKinds' | 'settings' | 'examples'>
    >
  > {
  readonly description: string;
  readonly itemKinds: readonly ItemKind[];
  readonly settings: PluginSettings<S> & {
    /** The settings with no configuration: every default. */
    readonly defaults: S;
  };
  readonly examples: PluginExamples<unknown> | null;
  /** The plugin's extra routes, when it has any. */
  routes?(app: OpenAPIHono<PluginRouteEnv>, context: PluginRouteContext<S>): void;
  readonly hooks: LifecycleHooks<A>;
  readonly kind: 'jixiao-plugin';
}

export type { Severity };
