import type { ReplyButton } from '@jixiao/core';

function taskButton(label: string, action: string, taskId: number): ReplyButton {
  return { label, kind: 'callback', action, payload: { taskId: String(taskId) } };
}

/**
 * The callback buttons notifications carry; the bot and the DingTalk adapter handle them.
 * Payload values are strings.
 */
export const buttons = {
  /** 收到: acknowledges the newest unacknowledged notice on `subject` (`warning:12`, `task:5`). */
  ack: (subject: string): ReplyButton => ({
    label: '收到',
    kind: 'callback',
    action: 'ack',
    payload: { subject },
  }),
  /** 说明原因: starts explaining (签收并说明) a warning. */
  explain: (warningId: number): ReplyButton => ({
    label: '说明原因',
    kind: 'callback',
    action: 'explain',
    payload: { warningId: String(warningId) },
  }),
  /** 提交整改: starts submitting a rectification. */
  submit: (taskId: number) => taskButton('提交整改', 'submit', taskId),
  /** 查看详情: the page behind a signed link, for the message's recipient. */
  details: (url: string): ReplyButton => ({ label: '查看详情', kind: 'url', url }),
  /** 验收通过. */
  accept: (taskId: number) => taskButton('验收通过', 'accept', taskId),
  /** 退回. */
  return: (taskId: number) => taskButton('退回', 'return', taskId),
};
