import type { Reply } from '@jixiao/core';
import type { Actor, Platform } from '@jixiao/db';
import type { FileSource } from './engine-types.ts';
import type { ItemNameCache } from './item-names.ts';
import type { LlmClient } from './llm/client.ts';
import type { Memory } from './memory.ts';
import type { OrgDirectoryCache } from './org-directory.ts';
import type { BotSettings } from './settings.ts';

/** The official behind an IM account, with the paths that "我的" and "本部门" narrow to. */
export interface Official {
  userId: number;
  name: string;
  actor: Actor;
  orgName: string;
  /** Their own org unit's path ("我的"). */
  orgPath: string;
  /** Their department's path ("本部门"): the parent for a unit officer, else their own org unit. */
  departmentPath: string;
  departmentName: string;
}

/** How a group chat limits answers. */
export type GroupScope =
  | { kind: 'single' }
  /** Bound to a department: data answers stay in the group, limited to `actor`'s scope. */
  | { kind: 'bound'; orgName: string; actor: Actor }
  /** Not bound: data answers go to the asker privately. */
  | { kind: 'unbound' }
  /** Bound to a department the asker may not see: data answers go privately. */
  | { kind: 'outside'; orgName: string };

/**
 * Where an answer may be shown. `neutral`: anywhere (help, errors). `data`: in a bound group or a
 * single chat, else privately. `personal`: to the asker only (their tasks, confirmations, receipts).
 */
export type AnswerKind = 'neutral' | 'data' | 'personal';

export interface Answer {
  kind: AnswerKind;
  reply: Reply;
}

export interface EngineServices {
  platform: Platform;
  llm: LlmClient | null;
  publicUrl: string | null;
  /** Signs a `/view/…` path for a user; null when the server gives none. */
  viewLink: ((userId: number, path: string) => string) | null;
  itemNames: ItemNameCache;
  orgDirectory: OrgDirectoryCache;
  settings: BotSettings;
  /** Where files officials send are fetched from; null when the channel cannot. */
  files: FileSource | null;
}

export interface BotContext extends EngineServices {
  official: Official;
  externalUserId: string;
  conversation: { id: string; type: 'single' | 'group'; title?: string };
  group: GroupScope;
  /** The actor data answers run as: the bound group's scope within the asker's, else the asker's own. */
  dataActor: Actor;
  memory: Memory;
  /** Today in China (YYYY-MM-DD) by the platform clock. */
  today: string;
}

export const neutral = (reply: Reply): Answer => ({ kind: 'neutral', reply });
export const data = (reply: Reply): Answer => ({ kind: 'data', reply });
export const personal = (reply: Reply): Answer => ({ kind: 'personal', reply });
