import type { Reply } from '@jixiao/core';

/** A message from any IM channel, already stripped of channel details. */
export interface InboundMessage {
  channel: 'dingtalk';
  /** The sender's id in the channel (DingTalk staff userId). */
  externalUserId: string;
  senderNick?: string;
  conversation: { id: string; type: 'single' | 'group'; title?: string };
  text: string;
  msgId: string;
  /** A file or picture the official sent instead of text: the channel's code to fetch its bytes. */
  file?: { downloadCode: string; fileName: string };
}

/** Fetches the bytes of a file an official sent (DingTalk: the message's downloadCode). */
export interface FileSource {
  /** Refuses (throws) beyond `maxBytes`. */
  download(downloadCode: string, maxBytes: number): Promise<Uint8Array>;
}

/** A button press (DingTalk card callback) with the button's action and payload. */
export interface InboundAction {
  channel: 'dingtalk';
  externalUserId: string;
  conversation?: { id: string; type: 'single' | 'group'; title?: string };
  action: string;
  payload: Record<string, string>;
}

/** Where a reply goes: back to the conversation, or privately to the asker (personal data asked in a group). */
export interface OutboundReply {
  audience: 'conversation' | 'private';
  reply: Reply;
}

export interface BotEngine {
  handleMessage(msg: InboundMessage): Promise<OutboundReply[]>;
  handleAction(action: InboundAction): Promise<OutboundReply[]>;
}
