import { fileTypeFromBuffer } from 'file-type';

/** What an attachment may be, by what its bytes are (not its name). */
export interface AttachmentLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

export const ATTACHMENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'image/gif': 'GIF 图片',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word（.docx）',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel（.xlsx）',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint（.pptx）',
  'application/x-cfb': 'Office 97-2003 文档（.doc/.xls）',
};

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: 20 * 1024 * 1024,
  allowedTypes: Object.keys(ATTACHMENT_TYPE_LABELS),
};

/** The type the content says it is, or null when it is nothing we recognise. */
export async function detectFileType(bytes: Uint8Array): Promise<string | null> {
  return (await fileTypeFromBuffer(bytes))?.mime ?? null;
}
