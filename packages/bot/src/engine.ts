import { DomainError } from '@jixiao/core';
import { type Platform, today } from '@jixiao/db';
import { routeAction } from './actions.ts';
import { type Answer, type BotContext, type EngineServices, neutral, personal } from './context.ts';
import { deliver } from './deliver.ts';
import type { BotEngine, FileSource, InboundAction, InboundMessage, OutboundReply } from './engine-types.ts';
import { groupScopeFor, loadGroupBinding } from './groups.ts';
import { fileAnswer } from './handlers/attach.ts';
import { resolveOfficial, UNKNOWN_USER_TEXT } from './identity.ts';
import { ItemNameCache } from './item-names.ts';
import { createLlmClient, type LlmConfig } from './llm/client.ts';
import { Memory } from './memory.ts';
import { OrgDirectoryCache } from './org-directory.ts';
import { routeMessage } from './router.ts';
import { type BotSettingsInput, resolveBotSettings } from './settings.ts';
import { SenderThrottle } from './throttle.ts';

export interface BotEngineOptions {
  platform: Platform;
  /** An OpenAI-compatible endpoint for free questions; null/absent: the parser only. */
  llm?: LlmConfig | null;
  /** Where the web pages live, for links in answers. */
  publicUrl?: string;
  /** Signs a `/view/…` path for a user (links to pages and files in answers); absent: no such links. */
  viewLink?: (userId: number, path: string) => string;
  /** Conversation tunables (choice expiry); defaults when absent. */
  settings?: BotSettingsInput;
  /** Messages and button presses per sender per minute (absent or 0: unlimited; the server sets it). */
  messagesPerMinute?: number;
  /** Fetches files and pictures officials send (the DingTalk adapter's downloadCode exchange). */
  files?: FileSource;
}

const SORRY = '抱歉，处理时出错了，请稍后再试';
const MAX_ID_CHARS = 200;

type Conversation = { id: string; type: 'single' | 'group'; title?: string };

function validConversation(c: unknown): Conversation | null {
  if (!c || typeof c !== 'object') return null;
  const { id, type, title } = c as Record<string, unknown>;
  if (typeof id !== 'string' || !id || id.length > MAX_ID_CHARS) return null;
  if (type !== 'single' && type !== 'group') return null;
  return { id, type, ...(typeof title === 'string' ? { title: title.slice(0, 200) } : {}) };
}

const refusal = (): OutboundReply => ({
  audience: 'conversation',
  reply: { title: '未开通绩效通', markdown: UNKNOWN_USER_TEXT },
});

function errorAnswer(err: unknown): Answer {
  if (err instanceof DomainError) return personal({ title: '未能办理', markdown: err.message });
  console.error('[bot] 处理消息出错：', err);
  return neutral({ title: '出错了', markdown: SORRY });
}

/**
 * The channel-agnostic conversation engine: resolves the official, understands the message
 * (deterministic parser, plugin commands, optionally a model), answers in the Reply model, and
 * says whether each answer goes to the conversation or privately to the asker.
 */
function validFile(f: unknown): { downloadCode: string; fileName: string } | null {
  if (!f || typeof f !== 'object') return null;
  const { downloadCode, fileName } = f as Record<string, unknown>;
  if (typeof downloadCode !== 'string' || !downloadCode || downloadCode.length > 2000) return null;
  const name = typeof fileName === 'string' && fileName.trim() ? fileName.trim().slice(0, 200) : '图片.jpg';
  return { downloadCode, fileName: name };
}

export function createBotEngine(options: BotEngineOptions): BotEngine {
  const services: EngineServices = {
    platform: options.platform,
    llm: options.llm ? createLlmClient(options.llm) : null,
    publicUrl: options.publicUrl ?? null,
    viewLink: options.viewLink ?? null,
    itemNames: new ItemNameCache(),
    orgDirectory: new OrgDirectoryCache(),
    settings: resolveBotSettings(options.settings),
    files: options.files ?? null,
  };
  const throttle = new SenderThrottle(options.messagesPerMinute ?? 0);

  async function handle(
    externalUserId: unknown,
    rawConversation: unknown,
    run: (ctx: BotContext) => Promise<Answer[]>,
  ): Promise<OutboundReply[]> {
    const conversation = validConversation(rawConversation);
    try {
      const { platform } = services;
      if (typeof externalUserId !== 'string' || !externalUserId || externalUserId.length > MAX_ID_CHARS) {
        return [refusal()];
      }
      const conv = conversation ?? { id: '', type: 'single' as const };
      // Independent reads in one round trip; memory and binding are used only once the official is known.
      const [official, memory, binding] = await Promise.all([
        resolveOfficial(platform, externalUserId),
        Memory.load(platform, externalUserId, conversation ? conversation.id : null),
        loadGroupBinding(platform, conv),
      ]);
      if (!official) return [refusal()];
      const group = groupScopeFor(official, conv, binding);
      const ctx: BotContext = {
        ...services,
        official,
        externalUserId,
        conversation: conv,
        group,
        dataActor: group.kind === 'bound' ? group.actor : official.actor,
        memory,
        today: today(platform),
      };
      let answers: Answer[];
      try {
        answers = await run(ctx);
      } catch (err) {
        answers = [errorAnswer(err)];
      }
      await memory.save(platform);
      return deliver(ctx, answers, conversation !== null);
    } catch (err) {
      console.error('[bot] 处理消息出错：', err);
      return [
        { audience: conversation ? 'conversation' : 'private', reply: { title: '出错了', markdown: SORRY } },
      ];
    }
  }

  return {
    handleMessage(msg: InboundMessage) {
      const m = (msg ?? {}) as Partial<InboundMessage>;
      const refused = throttle.refuse(m.externalUserId);
      if (refused) return Promise.resolve(refused);
      const file = validFile(m.file);
      if (file) return handle(m.externalUserId, m.conversation, async (ctx) => [await fileAnswer(ctx, file)]);
      return handle(m.externalUserId, m.conversation, (ctx) => routeMessage(ctx, m.text));
    },
    handleAction(action: InboundAction) {
      const a = (action ?? {}) as Partial<InboundAction>;
      const refused = throttle.refuse(a.externalUserId);
      if (refused) return Promise.resolve(refused);
      return handle(a.externalUserId, a.conversation, (ctx) => routeAction(ctx, a.action, a.payload));
    },
  };
}
