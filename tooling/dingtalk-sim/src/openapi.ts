/** Robot OpenAPI: 1:1 batch send, group send, and the legacy user lookup (userId → unionId). */
import { z } from 'zod';
import type { Conversations } from './conversations.ts';
import type { Directory } from './directory.ts';
import type { FileStore } from './files.ts';
import { type GuardDeps, guardLegacyApi, guardOpenApi } from './guard.ts';
import { parseApiBody, type Router, sendApiError, sendJson } from './http.ts';
import { newProcessQueryKey, newRequestId } from './ids.ts';
import type { Outbox } from './outbox.ts';
import { renderMsgParam } from './render.ts';

/** Documented maximum of userIds per batchSend call. */
const MAX_BATCH_USERS = 20;
/** Documented maximum size of a group message's msgParam. */
const MAX_GROUP_MSG_PARAM_BYTES = 15000;

export interface OpenApiDeps extends GuardDeps {
  directory: Directory;
  outbox: Outbox;
  conversations: Conversations;
  robotCode: string;
  files: FileStore;
}

const batchSendBody = z
  .object({
    robotCode: z.string(),
    userIds: z.array(z.string()).min(1),
    msgKey: z.string(),
    msgParam: z.string(),
  })
  .loose();

const groupSendBody = z
  .object({
    openConversationId: z.string().min(1),
    robotCode: z.string(),
    msgKey: z.string(),
    msgParam: z.string(),
    coolAppCode: z.string().optional(),
  })
  .loose();

const userGetBody = z.object({ userid: z.string().min(1) }).loose();

export function registerOpenApiRoutes(router: Router, deps: OpenApiDeps): void {
  router.add('POST', '/v1.0/robot/oToMessages/batchSend', async (ctx) => {
    if (!guardOpenApi(deps, ctx, { qpsApi: 'robot.oToMessages.batchSend' })) return;
    const body = parseApiBody(ctx, batchSendBody);
    if (!body) return;
    if (body.robotCode !== deps.robotCode) {
      sendApiError(ctx, 400, 'invalidParameter.robotCode.notExsit', 'robotCode 不存在');
      return;
    }
    if (body.userIds.length > MAX_BATCH_USERS) {
      sendApiError(ctx, 400, 'invalidParameter.userIds.overMax', `userIds 最多 ${MAX_BATCH_USERS} 个`);
      return;
    }
    const check = renderMsgParam(body.msgKey, body.msgParam);
    if (!check.ok) {
      sendApiError(ctx, 400, check.code, check.message);
      return;
    }
    if (body.msgKey === 'sampleFile' && !deps.files.media(String(check.param.mediaId))) {
      sendApiError(ctx, 400, 'invalidParameter.msgParam.invalid', 'mediaId 不存在（须先上传 /media/upload）');
      return;
    }
    const requested = [...new Set(body.userIds)];
    const known = await deps.directory.knownUserIds(requested);
    const invalidStaffIdList = requested.filter((id) => !known.has(id));
    const flowControlledStaffIdList = requested.filter(
      (id) => known.has(id) && deps.faults.isFlowControlled(id),
    );
    const processQueryKey = newProcessQueryKey();
    for (const userId of requested) {
      if (!known.has(userId) || deps.faults.isFlowControlled(userId)) continue;
      const push = deps.outbox.add({
        kind: 'oto',
        userIds: [userId],
        userId,
        msgKey: body.msgKey,
        msgParam: check.param,
        ...check.rendered,
        processQueryKey,
        raw: body,
      });
      deps.conversations.offerReply(
        { userId },
        { seq: push.seq, time: push.time, via: 'oToMessages', ...check.rendered, raw: body },
      );
    }
    sendJson(ctx, 200, { processQueryKey, invalidStaffIdList, flowControlledStaffIdList });
  });

  router.add('POST', '/v1.0/robot/groupMessages/send', (ctx) => {
    if (!guardOpenApi(deps, ctx, { qpsApi: 'robot.groupMessages.send' })) return;
    const body = parseApiBody(ctx, groupSendBody);
    if (!body) return;
    if (body.robotCode !== deps.robotCode) {
      sendApiError(ctx, 400, 'invalidParameter.robotCode.notExsit', 'robotCode 不存在');
      return;
    }
    if (Buffer.byteLength(body.msgParam) > MAX_GROUP_MSG_PARAM_BYTES) {
      sendApiError(
        ctx,
        400,
        'invalidParameter.msgParam.invalid',
        `msgParam 不能超过 ${MAX_GROUP_MSG_PARAM_BYTES} 字节`,
      );
      return;
    }
    const check = renderMsgParam(body.msgKey, body.msgParam);
    if (!check.ok) {
      sendApiError(ctx, 400, check.code, check.message);
      return;
    }
    const group = deps.directory.group(body.openConversationId);
    if (!group) {
      sendApiError(ctx, 400, 'invalid.openConversationId', '群会话不存在或机器人不在该群中');
      return;
    }
    const processQueryKey = newProcessQueryKey();
    const push = deps.outbox.add({
      kind: 'group',
      userIds: group.memberUserIds,
      conversationId: group.conversationId,
      msgKey: body.msgKey,
      msgParam: check.param,
      ...check.rendered,
      processQueryKey,
      raw: body,
    });
    deps.conversations.offerReply(
      { conversationId: group.conversationId },
      { seq: push.seq, time: push.time, via: 'groupMessages', ...check.rendered, raw: body },
    );
    sendJson(ctx, 200, { processQueryKey });
  });

  // Legacy user details. 40035 = missing parameter, 60121 = "找不到该用户" (DingTalk's legacy errcodes).
  router.add('POST', '/topapi/v2/user/get', async (ctx) => {
    if (!guardLegacyApi(deps, ctx)) return;
    const body = userGetBody.safeParse(ctx.body ?? {});
    if (!body.success) {
      sendJson(ctx, 200, { errcode: 40035, errmsg: '缺少参数 userid' });
      return;
    }
    const user = await deps.directory.findUser(body.data.userid);
    if (!user) {
      sendJson(ctx, 200, { errcode: 60121, errmsg: '找不到该用户', request_id: newRequestId() });
      return;
    }
    sendJson(ctx, 200, {
      errcode: 0,
      errmsg: 'ok',
      result: {
        userid: user.userId,
        unionid: user.unionId,
        name: user.name,
        title: user.title ?? '',
        active: true,
        admin: false,
        boss: false,
        real_authed: true,
      },
      request_id: newRequestId(),
    });
  });
}
