/** Pure pieces: rendering, failure classification, message parsing, the token cache. */
import type { Reply } from '@jixiao/core';
import { describe, expect, it } from 'vitest';
import { AccessTokenCache } from '../src/access-token.ts';
import { classifyFailure } from '../src/http.ts';
import { cardParams, robotMessage, webhookBody } from '../src/render.ts';
import { parseRobotMessage } from '../src/robot-message.ts';
import { outTrackIdFor } from '../src/send.ts';

const config = { publicUrl: 'https://jx.example.cn' };

function reply(buttons: Reply['buttons']): Reply {
  return { title: '标题', markdown: '正文', ...(buttons ? { buttons } : {}) };
}

const link = (i: number) => ({ label: `按钮${i}`, kind: 'url' as const, url: `/p/${i}` });

describe('rendering', () => {
  it('markdown without buttons, title repeated as a heading (DingTalk shows no title in the bubble)', () => {
    expect(
      webhookBody({ ...reply(undefined), fields: [{ label: '金额', value: '1 万元' }] }, config),
    ).toEqual({
      msgtype: 'markdown',
      markdown: { title: '标题', text: '#### 标题\n\n正文\n\n- **金额**：1 万元' },
    });
  });

  it('actionCard: one button as singleTitle, two side by side, more stacked', () => {
    expect(webhookBody(reply([link(1)]), config)).toMatchObject({
      msgtype: 'actionCard',
      actionCard: { singleTitle: '按钮1', singleURL: 'https://jx.example.cn/p/1' },
    });
    expect(webhookBody(reply([link(1), link(2)]), config)).toMatchObject({
      actionCard: { btnOrientation: '1', btns: [{ title: '按钮1' }, { title: '按钮2' }] },
    });
    expect(webhookBody(reply([link(1), link(2), link(3)]), config)).toMatchObject({
      actionCard: { btnOrientation: '0' },
    });
  });

  it('robot OpenAPI messages: sampleMarkdown, sampleActionCard, sampleActionCardN, at most five buttons', () => {
    expect(robotMessage(reply(undefined), config).msgKey).toBe('sampleMarkdown');
    expect(robotMessage(reply([link(1)]), config).msgKey).toBe('sampleActionCard');
    const three = robotMessage(reply([link(1), link(2), link(3)]), config);
    expect(three.msgKey).toBe('sampleActionCard3');
    expect(JSON.parse(three.msgParam)).toMatchObject({
      actionTitle3: '按钮3',
      actionURL3: 'https://jx.example.cn/p/3',
    });
    const seven = robotMessage(reply([1, 2, 3, 4, 5, 6, 7].map(link)), config);
    expect(seven.msgKey).toBe('sampleActionCard5');
    expect(JSON.parse(seven.msgParam).text).toContain('[按钮7](https://jx.example.cn/p/7)');
  });

  it('a command button is a link that makes DingTalk send the text', () => {
    const body = webhookBody(reply([{ label: '整改任务', kind: 'command', text: '整改任务 第2页' }]), config);
    expect(body).toMatchObject({
      actionCard: {
        singleURL:
          'dtmd://dingtalkclient/sendMessage?content=%E6%95%B4%E6%94%B9%E4%BB%BB%E5%8A%A1%20%E7%AC%AC2%E9%A1%B5',
      },
    });
  });

  it('card params are all strings', () => {
    const params = cardParams(
      reply([
        { label: '确认', kind: 'callback', action: 'confirm', payload: { id: '1' } },
        { label: '打开', kind: 'url', url: 'https://a.cn' },
      ]),
      config,
    );
    expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
    expect(JSON.parse(params.buttons ?? '')).toEqual([
      { label: '确认', action: 'confirm', payload: { id: '1' } },
      { label: '打开', action: 'jixiao:url', payload: { url: 'https://a.cn' } },
    ]);
  });

  it('outTrackIds are stable, short and distinct per key', () => {
    expect(outTrackIdFor('user:u1', 'k')).toBe(outTrackIdFor('user:u1', 'k'));
    expect(outTrackIdFor('user:u1', 'k')).not.toBe(outTrackIdFor('user:u2', 'k'));
    expect(outTrackIdFor('user:u1', 'k')).toMatch(/^jx-[0-9a-f]{40}$/);
  });
});

describe('failure classification', () => {
  const raw = (status: number, body: unknown, retryAfterHeader: string | null = null) => ({
    status,
    body,
    retryAfterHeader,
  });

  it.each([
    [500, { code: 'system.error', message: '系统错误' }, true, undefined],
    [503, 'Service Unavailable', true, undefined],
    [403, { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }, true, 1000],
    [403, { code: 'Forbidden.AccessDenied.QpsLimitForApi' }, true, 1000],
    [400, { code: 'send.too.fast' }, true, 5000],
    [400, { code: 'todo.taskCreate.flowControlError' }, true, 5000],
    [403, { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' }, true, 3_600_000],
    [429, {}, true, 1000],
    [200, { errcode: -1, errmsg: '系统繁忙' }, true, undefined],
    [400, { code: 'invalidParameter.msgKey.invalid' }, false, undefined],
    [400, { code: 'invalidParameter.robotCode.notExsit' }, false, undefined],
    [404, { code: 'InvalidAction.NotFound' }, false, undefined],
  ])('HTTP %s %j → retryable %s (after %s ms)', (status, body, retryable, retryAfterMs) => {
    const failure = classifyFailure(raw(status, body));
    expect(failure.retryable).toBe(retryable);
    expect(failure.retryAfterMs).toBe(retryAfterMs);
  });

  it('honours Retry-After and the egress-IP block answer', () => {
    expect(classifyFailure(raw(429, {}, '7')).retryAfterMs).toBe(7000);
    expect(classifyFailure(raw(200, { status: 1111, wait: 5, punish: 'deny' }))).toMatchObject({
      retryable: true,
      retryAfterMs: 300_000,
    });
  });
});

describe('robot message parsing', () => {
  const base = {
    conversationId: 'cid1',
    msgId: 'msg1',
    senderStaffId: 'dt-edu',
    senderNick: '李教育',
    sessionWebhook: 'http://x/robot/sendBySession?session=s',
    sessionWebhookExpiredTime: 1_700_000_000_000,
  };

  it('strips the space left by the @-mention in groups', () => {
    const parsed = parseRobotMessage(
      JSON.stringify({
        ...base,
        conversationType: '2',
        conversationTitle: '群',
        msgtype: 'text',
        text: { content: ' 帮助' },
      }),
    );
    expect(parsed).toMatchObject({
      message: { text: '帮助', conversation: { id: 'cid1', type: 'group', title: '群' } },
      sessionWebhookExpiresAt: new Date(1_700_000_000_000),
    });
  });

  it('reads rich text and voice, leaves other types empty', () => {
    const rich = parseRobotMessage(
      JSON.stringify({
        ...base,
        conversationType: '1',
        msgtype: 'richText',
        content: {
          richText: [{ text: '查项目' }, { downloadCode: 'x', type: 'picture' }, { text: ' 进度' }],
        },
      }),
    );
    expect(rich).toMatchObject({ message: { text: '查项目 进度', conversation: { type: 'single' } } });
    const audio = parseRobotMessage(
      JSON.stringify({
        ...base,
        conversationType: '1',
        msgtype: 'audio',
        content: { recognition: '我的预警' },
      }),
    );
    expect(audio).toMatchObject({ message: { text: '我的预警' } });
    const picture = parseRobotMessage(
      JSON.stringify({ ...base, conversationType: '1', msgtype: 'picture', content: { downloadCode: 'x' } }),
    );
    expect(picture).toMatchObject({ message: { text: '' } });
  });

  it('rejects what is not a robot message', () => {
    expect(parseRobotMessage('{')).toHaveProperty('error');
    expect(parseRobotMessage(JSON.stringify({ ...base, conversationType: '3' }))).toHaveProperty('error');
  });
});

describe('access token cache', () => {
  it('shares one refresh, refreshes 5 minutes early, and drops a refused token', async () => {
    let now = 0;
    let issued = 0;
    let release = (): void => {};
    const cache = new AccessTokenCache(
      async () => {
        issued += 1;
        const n = issued;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { ok: true, status: 200, body: { token: `t${n}`, expiresInSeconds: 7200 } };
      },
      () => now,
    );
    const both = Promise.all([cache.get(), cache.get()]);
    release();
    const [a, b] = await both;
    expect(a).toMatchObject({ ok: true, body: 't1' });
    expect(b).toMatchObject({ ok: true, body: 't1' });
    expect(issued).toBe(1);

    now = (7200 - 301) * 1000;
    expect(await cache.get()).toMatchObject({ body: 't1' });
    now = (7200 - 299) * 1000;
    const refreshed = cache.get();
    release();
    expect(await refreshed).toMatchObject({ body: 't2' });

    cache.invalidate('t2');
    const again = cache.get();
    release();
    expect(await again).toMatchObject({ body: 't3' });
    expect(issued).toBe(3);
  });
});
