/**
 * The bot's small rich-message model. Adapters render it (DingTalk markdown / ActionCard,
 * the simulator as HTML); nothing channel-specific lives here.
 */
export interface ReplyField {
  label: string;
  value: string;
}

export type ReplyButton =
  /** Sends `text` back to the bot as if the user had typed it. */
  | { label: string; kind: 'command'; text: string }
  /** A callback the bot handles (e.g. acknowledge a warning); `payload` is opaque to adapters. */
  | { label: string; kind: 'callback'; action: string; payload: Record<string, string> }
  | { label: string; kind: 'url'; url: string };

/** A file sent with a reply (e.g. an exported form); adapters that cannot send files show the text only. */
export interface ReplyFile {
  fileName: string;
  /** The file's bytes, base64 (replies are queued as JSON). */
  base64: string;
}

export interface Reply {
  title: string;
  markdown: string;
  fields?: ReplyField[];
  buttons?: ReplyButton[];
  /** Sent as a file message (DingTalk: media upload, then a file message) instead of the text. */
  file?: ReplyFile;
}
