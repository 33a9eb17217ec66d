/**
 * Interactive cards: `POST /v1.0/card/instances/createAndDeliver` (plus the two-step create + deliver),
 * `PUT /v1.0/card/instances`, and card clicks sent to the bot as `/v1.0/card/instances/callback` frames.
 */
import { z } from 'zod';
import type { Conversations } from './conversations.ts';
import type { Directory } from './directory.ts';
import type { EventLog } from './events.ts';
import { type GuardDeps, guardOpenApi } from './guard.ts';
import {
  parseApiBody,
  type RequestContext,
  type Router,
  SimHttpError,
  sendApiError,
  sendJson,
} from './http.ts';
import { newCarrierId } from './ids.ts';
import type { Outbox } from './outbox.ts';
import { renderCard } from './render.ts';
import type { StreamHub } from './stream.ts';
import type { CardSpace, ClickCardInput, ClickCardResult, SimCard } from './types.ts';

export const TOPIC_CARD_CALLBACK = '/v1.0/card/instances/callback';
/** DingTalk waits at most 2 s for the response to a card callback. */
const CARD_CALLBACK_TIMEOUT_MS = 2000;

export interface CardDeps extends GuardDeps {
  directory: Directory;
  outbox: Outbox;
  events: EventLog;
  stream: StreamHub;
  conversations: Conversations;
  robotCode: string;
  corpId: string;
}

const paramMap = z.record(z.string(), z.string());
const cardDataSchema = z.object({ cardParamMap: paramMap.optional() }).loose();
const privateDataSchema = z.record(z.string(), cardDataSchema);
const updateOptionsSchema = z
  .object({ updateCardDataByKey: z.boolean().optional(), updatePrivateDataByKey: z.boolean().optional() })
  .loose();
const deliverModel = z.object({ robotCode: z.string().optional(), spaceType: z.string().optional() }).loose();

const createFields = {
  cardTemplateId: z.string().min(1),
  outTrackId: z.string().min(1),
  callbackType: z.string().optional(),
  userIdType: z.number().int().optional(),
  cardData: cardDataSchema.optional(),
  privateData: privateDataSchema.optional(),
};
const deliverFields = {
  openSpaceId: z.string().min(1),
  imRobotOpenDeliverModel: deliverModel.optional(),
  imGroupOpenDeliverModel: deliverModel.optional(),
};

const createBody = z.object(createFields).loose();
const deliverBody = z.object({ outTrackId: z.string().min(1), ...deliverFields }).loose();
const createAndDeliverBody = z.object({ ...createFields, ...deliverFields }).loose();
const updateBody = z
  .object({
    outTrackId: z.string().min(1),
    cardData: cardDataSchema.optional(),
    privateData: privateDataSchema.optional(),
    cardUpdateOptions: updateOptionsSchema.optional(),
    userIdType: z.number().int().optional(),
  })
  .loose();

/** What the bot may put in the `response` of a card-callback ack to update the card. */
const callbackResponseSchema = z
  .object({
    cardData: cardDataSchema.optional(),
    userPrivateData: cardDataSchema.optional(),
    cardUpdateOptions: updateOptionsSchema.optional(),
  })
  .loose();

interface DeliverResult {
  spaceType: string;
  spaceId: string;
  success: boolean;
  carrierId?: string;
  errorMsg?: string;
}

const SPACE_PATTERN = /^dtv1\.card\/\/(IM_ROBOT|IM_GROUP)\.(.+)$/;

function parseSpaces(openSpaceId: string): CardSpace[] | string {
  const spaces: CardSpace[] = [];
  for (const part of openSpaceId.split(';').filter((p) => p.trim() !== '')) {
    const m = SPACE_PATTERN.exec(part.trim());
    if (!m)
      return `不支持的 openSpaceId：${part}（模拟器只支持 dtv1.card//IM_ROBOT.<userId> 与 dtv1.card//IM_GROUP.<openConversationId>）`;
    spaces.push({ spaceType: m[1] === 'IM_ROBOT' ? 'IM_ROBOT' : 'IM_GROUP', spaceId: m[2] ?? '' });
  }
  return spaces.length > 0 ? spaces : 'openSpaceId 不能为空';
}

function merge(
  old: Record<string, string>,
  update: Record<string, string> | undefined,
  byKey: boolean,
): Record<string, string> {
  if (!update) return old;
  return byKey ? { ...old, ...update } : { ...update };
}

export class CardStore {
  private readonly cards = new Map<string, SimCard>();

  constructor(private readonly deps: CardDeps) {}

  list(): SimCard[] {
    return structuredClone([...this.cards.values()]);
  }

  private audience(card: SimCard): string[] {
    return card.spaces.flatMap((s) =>
      s.spaceType === 'IM_ROBOT' ? [s.spaceId] : (this.deps.directory.group(s.spaceId)?.memberUserIds ?? []),
    );
  }

  private publish(card: SimCard): void {
    const seq = this.deps.events.nextSeq();
    this.deps.events.publish(seq, 'card', this.audience(card), structuredClone(card));
  }

  private create(ctx: RequestContext, body: z.infer<typeof createBody>): SimCard | undefined {
    if (this.cards.has(body.outTrackId)) {
      // Not documented; the sim refuses to reuse an outTrackId.
      sendApiError(
        ctx,
        400,
        'invalidParameter.outTrackId.duplicate',
        `outTrackId 已存在：${body.outTrackId}`,
      );
      return undefined;
    }
    const now = Date.now();
    const privateData: Record<string, Record<string, string>> = {};
    for (const [userId, data] of Object.entries(body.privateData ?? {}))
      privateData[userId] = { ...data.cardParamMap };
    const card: SimCard = {
      outTrackId: body.outTrackId,
      cardTemplateId: body.cardTemplateId,
      ...(body.callbackType ? { callbackType: body.callbackType } : {}),
      cardParamMap: { ...body.cardData?.cardParamMap },
      privateData,
      spaces: [],
      createdTime: now,
      modifiedTime: now,
      updates: 0,
    };
    this.cards.set(card.outTrackId, card);
    return card;
  }

  private async deliver(
    ctx: RequestContext,
    card: SimCard,
    body: z.infer<typeof deliverBody>,
    raw: unknown,
  ): Promise<DeliverResult[] | undefined> {
    const spaces = parseSpaces(body.openSpaceId);
    if (typeof spaces === 'string') {
      sendApiError(ctx, 400, 'invalidParameter.openSpaceId', spaces);
      return undefined;
    }
    for (const space of spaces) {
      const model =
        space.spaceType === 'IM_ROBOT' ? body.imRobotOpenDeliverModel : body.imGroupOpenDeliverModel;
      const name = space.spaceType === 'IM_ROBOT' ? 'imRobotOpenDeliverModel' : 'imGroupOpenDeliverModel';
      if (!model) {
        sendApiError(ctx, 400, 'invalidParameter', `投放到 ${space.spaceType} 需要 ${name}`);
        return undefined;
      }
      if (model.robotCode !== undefined && model.robotCode !== this.deps.robotCode) {
        sendApiError(ctx, 400, 'invalidParameter.robotCode.notExsit', 'robotCode 不存在');
        return undefined;
      }
    }
    const users = await this.deps.directory.knownUserIds(
      spaces.filter((s) => s.spaceType === 'IM_ROBOT').map((s) => s.spaceId),
    );
    const results: DeliverResult[] = [];
    for (const space of spaces) {
      const group = space.spaceType === 'IM_GROUP' ? this.deps.directory.group(space.spaceId) : undefined;
      const ok = space.spaceType === 'IM_ROBOT' ? users.has(space.spaceId) : group !== undefined;
      if (!ok) {
        results.push({
          spaceType: space.spaceType,
          spaceId: space.spaceId,
          success: false,
          errorMsg: space.spaceType === 'IM_ROBOT' ? '用户不存在' : '群会话不存在或机器人不在该群中',
        });
        continue;
      }
      if (!card.spaces.some((s) => s.spaceType === space.spaceType && s.spaceId === space.spaceId))
        card.spaces.push(space);
      results.push({
        spaceType: space.spaceType,
        spaceId: space.spaceId,
        success: true,
        carrierId: newCarrierId(),
      });
      const view = renderCard(card.cardParamMap);
      const push = this.deps.outbox.add({
        kind: 'card',
        userIds: space.spaceType === 'IM_ROBOT' ? [space.spaceId] : (group?.memberUserIds ?? []),
        ...(space.spaceType === 'IM_ROBOT' ? { userId: space.spaceId } : { conversationId: space.spaceId }),
        msgtype: 'interactiveCard',
        ...(view.title !== undefined ? { title: view.title } : {}),
        text: view.text,
        card,
        raw,
      });
      this.deps.conversations.offerReply(
        space.spaceType === 'IM_ROBOT' ? { userId: space.spaceId } : { conversationId: space.spaceId },
        {
          seq: push.seq,
          time: push.time,
          via: 'card',
          msgtype: 'interactiveCard',
          ...(view.title !== undefined ? { title: view.title } : {}),
          text: view.text,
          outTrackId: card.outTrackId,
          cardButtons: view.cardButtons,
          fields: view.fields,
          raw,
        },
      );
    }
    this.publish(card);
    return results;
  }

  private applyUpdate(
    card: SimCard,
    update: {
      cardParamMap?: Record<string, string>;
      privateData?: Record<string, Record<string, string>>;
      options?: { updateCardDataByKey?: boolean; updatePrivateDataByKey?: boolean };
    },
  ): void {
    card.cardParamMap = merge(
      card.cardParamMap,
      update.cardParamMap,
      update.options?.updateCardDataByKey ?? false,
    );
    for (const [userId, params] of Object.entries(update.privateData ?? {})) {
      card.privateData[userId] = merge(
        card.privateData[userId] ?? {},
        params,
        update.options?.updatePrivateDataByKey ?? false,
      );
    }
    card.modifiedTime = Date.now();
    card.updates += 1;
    this.publish(card);
  }

  registerRoutes(router: Router): void {
    router.add('POST', '/v1.0/card/instances/createAndDeliver', async (ctx) => {
      if (!guardOpenApi(this.deps, ctx)) return;
      const body = parseApiBody(ctx, createAndDeliverBody);
      if (!body) return;
      const spaces = parseSpaces(body.openSpaceId);
      if (typeof spaces === 'string') {
        sendApiError(ctx, 400, 'invalidParameter.openSpaceId', spaces);
        return;
      }
      const card = this.create(ctx, body);
      if (!card) return;
      const results = await this.deliver(ctx, card, body, body);
      if (!results) {
        this.cards.delete(card.outTrackId);
        return;
      }
      sendJson(ctx, 200, { success: true, result: { outTrackId: card.outTrackId, deliverResults: results } });
    });

    router.add('POST', '/v1.0/card/instances', (ctx) => {
      if (!guardOpenApi(this.deps, ctx)) return;
      const body = parseApiBody(ctx, createBody);
      if (!body) return;
      const card = this.create(ctx, body);
      if (card) sendJson(ctx, 200, { success: true, result: card.outTrackId });
    });

    router.add('POST', '/v1.0/card/instances/deliver', async (ctx) => {
      if (!guardOpenApi(this.deps, ctx)) return;
      const body = parseApiBody(ctx, deliverBody);
      if (!body) return;
      const card = this.cards.get(body.outTrackId);
      if (!card) {
        sendApiError(ctx, 400, 'invalidParameter.outTrackId', `卡片不存在：${body.outTrackId}`);
        return;
      }
      const results = await this.deliver(ctx, card, body, body);
      if (results) sendJson(ctx, 200, { success: true, result: results });
    });

    router.add('PUT', '/v1.0/card/instances', (ctx) => {
      if (!guardOpenApi(this.deps, ctx)) return;
      const body = parseApiBody(ctx, updateBody);
      if (!body) return;
      const card = this.cards.get(body.outTrackId);
      if (!card) {
        sendApiError(ctx, 400, 'invalidParameter.outTrackId', `卡片不存在：${body.outTrackId}`);
        return;
      }
      const privateData: Record<string, Record<string, string>> = {};
      for (const [userId, data] of Object.entries(body.privateData ?? {})) {
        if (data.cardParamMap) privateData[userId] = data.cardParamMap;
      }
      this.applyUpdate(card, {
        ...(body.cardData?.cardParamMap ? { cardParamMap: body.cardData.cardParamMap } : {}),
        privateData,
        ...(body.cardUpdateOptions ? { options: body.cardUpdateOptions } : {}),
      });
      sendJson(ctx, 200, { success: true, result: true });
    });
  }

  /** An official clicks a card button: the bot gets a callback frame and has 2 s to answer in its ack. */
  async click(input: ClickCardInput): Promise<ClickCardResult> {
    const card = this.cards.get(input.outTrackId);
    if (!card) throw new SimHttpError(404, `卡片不存在：${input.outTrackId}`);
    if (!(await this.deps.directory.findUser(input.userId)))
      throw new SimHttpError(404, `未知用户：${input.userId}`);
    const space =
      card.spaces.find((s) => s.spaceType === 'IM_ROBOT' && s.spaceId === input.userId) ??
      card.spaces.find(
        (s) =>
          s.spaceType === 'IM_GROUP' &&
          this.deps.directory.group(s.spaceId)?.memberUserIds.includes(input.userId),
      ) ??
      card.spaces[0];
    if (!space) throw new SimHttpError(409, '卡片尚未投放，无法点击');
    const data = {
      type: 'actionCallback',
      outTrackId: card.outTrackId,
      corpId: this.deps.corpId,
      userId: input.userId,
      userIdType: 1,
      spaceType: space.spaceType,
      spaceId: space.spaceId,
      extension: '{}',
      content: JSON.stringify({
        cardPrivateData: { actionIds: [input.params.action ?? 'click'], params: input.params },
      }),
    };
    const messageId = this.deps.stream.push(TOPIC_CARD_CALLBACK, data, { autoRedeliver: false });
    const ack = await this.deps.stream.waitForAck(messageId, CARD_CALLBACK_TIMEOUT_MS);
    if (!ack) return { response: null, timedOut: true };
    const update = callbackResponseSchema.safeParse(ack.response);
    if (update.success && (update.data.cardData?.cardParamMap || update.data.userPrivateData?.cardParamMap)) {
      this.applyUpdate(card, {
        ...(update.data.cardData?.cardParamMap ? { cardParamMap: update.data.cardData.cardParamMap } : {}),
        ...(update.data.userPrivateData?.cardParamMap
          ? { privateData: { [input.userId]: update.data.userPrivateData.cardParamMap } }
          : {}),
        ...(update.data.cardUpdateOptions ? { options: update.data.cardUpdateOptions } : {}),
      });
    }
    return { response: ack.response ?? null };
  }
}
