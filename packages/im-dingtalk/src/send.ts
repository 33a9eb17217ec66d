/** Proactive sends through the robot OpenAPI: interactive cards (createAndDeliver / update) and robot messages. */
import { createHash } from 'node:crypto';
import type { Reply } from '@jixiao/core';
import type { DeliveryOutcome } from '@jixiao/notify';
import type { ResolvedDingTalkConfig } from './config.ts';
import { type ApiFailure, isRecord, stringField } from './http.ts';
import type { OpenApiClient } from './openapi.ts';
import { failedOutcome, permanentFailure } from './outcome.ts';
import { robotMessage } from './render.ts';

/** A 1:1 chat with the robot (by staff userId) or a group (by openConversationId). */
export type SendTarget = { kind: 'user'; userId: string } | { kind: 'group'; conversationId: string };

export interface SendContext {
  api: OpenApiClient;
  config: ResolvedDingTalkConfig;
}

/**
 * A stable card outTrackId for one logical message: the same key always gives the same id, so a retried
 * or recovered send is refused by DingTalk as a duplicate instead of being shown twice.
 */
export function outTrackIdFor(scope: string, key: string): string {
  return `jx-${createHash('sha256').update(`${scope}\n${key}`).digest('hex').slice(0, 40)}`;
}

/** DingTalk (and the fake) refuse a reused outTrackId: the card already exists, i.e. it was delivered. */
function isDuplicateOutTrackId(failure: ApiFailure): boolean {
  const text = `${failure.code} ${failure.message}`;
  return /outTrackId/i.test(text) && /duplicate|exist|重复|已存在/i.test(text);
}

function deliverFailures(body: unknown): string[] {
  if (!isRecord(body)) return [];
  const result = isRecord(body.result) ? body.result : {};
  const list = Array.isArray(result.deliverResults) ? result.deliverResults : [];
  return list.flatMap((entry) => {
    if (!isRecord(entry) || entry.success !== false) return [];
    return [`${stringField(entry, 'spaceId') ?? ''}：${stringField(entry, 'errorMsg') ?? '投放失败'}`];
  });
}

/** Creates a `jixiao.reply` card and delivers it to the chat (callbacks come back over the stream). */
export async function deliverCard(
  ctx: SendContext,
  target: SendTarget,
  params: Record<string, string>,
  outTrackId: string,
): Promise<DeliveryOutcome> {
  const { config } = ctx;
  const space =
    target.kind === 'user'
      ? {
          openSpaceId: `dtv1.card//IM_ROBOT.${target.userId}`,
          imRobotOpenSpaceModel: { supportForward: true },
          imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: config.robotCode },
        }
      : {
          openSpaceId: `dtv1.card//IM_GROUP.${target.conversationId}`,
          imGroupOpenSpaceModel: { supportForward: true },
          imGroupOpenDeliverModel: { robotCode: config.robotCode },
        };
  const result = await ctx.api.call('POST', '/v1.0/card/instances/createAndDeliver', {
    body: {
      cardTemplateId: config.cardTemplateId,
      outTrackId,
      callbackType: 'STREAM',
      userIdType: 1,
      cardData: { cardParamMap: params },
      ...space,
    },
  });
  if (!result.ok) {
    if (isDuplicateOutTrackId(result)) return { ok: true, externalId: outTrackId };
    return failedOutcome(result);
  }
  if (isRecord(result.body) && result.body.success === false) {
    return permanentFailure(`卡片投放失败：${JSON.stringify(result.body).slice(0, 200)}`);
  }
  const failures = deliverFailures(result.body);
  // The card exists now: a retry would be refused as a duplicate, so this is final.
  if (failures.length > 0) return permanentFailure(`卡片投放失败：${failures.join('；')}`);
  return { ok: true, externalId: outTrackId };
}

/** Updates a card's public params and/or one user's private params (merged by key). */
export async function updateCard(
  ctx: SendContext,
  outTrackId: string,
  update: { cardParamMap?: Record<string, string>; privateData?: Record<string, Record<string, string>> },
): Promise<DeliveryOutcome> {
  const privateData = Object.fromEntries(
    Object.entries(update.privateData ?? {}).map(([userId, cardParamMap]) => [userId, { cardParamMap }]),
  );
  const result = await ctx.api.call('PUT', '/v1.0/card/instances', {
    body: {
      outTrackId,
      ...(update.cardParamMap ? { cardData: { cardParamMap: update.cardParamMap } } : {}),
      ...(update.privateData ? { privateData } : {}),
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      userIdType: 1,
    },
  });
  return result.ok ? { ok: true, externalId: outTrackId } : failedOutcome(result);
}

function stringList(body: unknown, key: string): string[] {
  if (!isRecord(body)) return [];
  const value = body[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A plain robot message (markdown / action card with link buttons) through the robot OpenAPI. */
export function sendRobotMessage(
  ctx: SendContext,
  target: SendTarget,
  reply: Reply,
): Promise<DeliveryOutcome> {
  return sendRobotParam(ctx, target, robotMessage(reply, ctx.config));
}

/** DingTalk's limit for a file sent through media upload (普通文件 20MB). */
const MAX_MEDIA_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Sends a file to a chat (a 1:1 chat with the robot or a group): uploads it as media
 * (POST oapi /media/upload?type=file, multipart field `media`), then sends a `sampleFile` robot
 * message with the media id. A retry uploads again (a media id is cheap) and sends once.
 */
export async function sendFile(
  ctx: SendContext,
  target: SendTarget,
  fileName: string,
  bytes: Uint8Array,
): Promise<DeliveryOutcome> {
  if (bytes.byteLength > MAX_MEDIA_FILE_BYTES) return permanentFailure(`文件过大，钉钉不能发送：${fileName}`);
  const form = new FormData();
  form.append('media', new Blob([new Uint8Array(bytes)]), fileName);
  const uploaded = await ctx.api.legacy('/media/upload', form, { type: 'file' });
  if (!uploaded.ok) return failedOutcome(uploaded);
  const mediaId = stringField(uploaded.body, 'media_id');
  if (!mediaId) return permanentFailure('钉钉上传文件后未返回 media_id');
  const fileType = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? 'file';
  return sendRobotParam(ctx, target, {
    msgKey: 'sampleFile',
    msgParam: JSON.stringify({ mediaId, fileName, fileType }),
  });
}

async function sendRobotParam(
  ctx: SendContext,
  target: SendTarget,
  { msgKey, msgParam }: { msgKey: string; msgParam: string },
): Promise<DeliveryOutcome> {
  const robotCode = ctx.config.robotCode;
  if (target.kind === 'group') {
    const result = await ctx.api.call('POST', '/v1.0/robot/groupMessages/send', {
      body: { robotCode, openConversationId: target.conversationId, msgKey, msgParam },
    });
    if (!result.ok) return failedOutcome(result);
    const key = isRecord(result.body) ? stringField(result.body, 'processQueryKey') : undefined;
    return { ok: true, ...(key ? { externalId: key } : {}) };
  }
  const result = await ctx.api.call('POST', '/v1.0/robot/oToMessages/batchSend', {
    body: { robotCode, userIds: [target.userId], msgKey, msgParam },
  });
  if (!result.ok) return failedOutcome(result);
  if (stringList(result.body, 'flowControlledStaffIdList').includes(target.userId)) {
    return { ok: false, retryable: true, retryAfterMs: 5000, error: `钉钉对该用户限流：${target.userId}` };
  }
  if (
    stringList(result.body, 'invalidStaffIdList').includes(target.userId) ||
    stringList(result.body, 'filteredStaffIdList').includes(target.userId)
  ) {
    return permanentFailure(`钉钉用户无效或无法接收机器人消息：${target.userId}`);
  }
  const key = isRecord(result.body) ? stringField(result.body, 'processQueryKey') : undefined;
  return { ok: true, ...(key ? { externalId: key } : {}) };
}
