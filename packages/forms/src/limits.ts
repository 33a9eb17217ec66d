/** What an uploaded workbook may be: checked before any of it is parsed. */
export interface WorkbookLimits {
  /** Size of the uploaded file. */
  maxBytes: number;
  /** Sum of the unpacked parts (a zip bomb unpacks to gigabytes from a few kilobytes). */
  maxUnpackedBytes: number;
  /** Parts in the zip container. */
  maxEntries: number;
  /** Rows read from any one sheet. */
  maxRowsPerSheet: number;
}

export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxEntries: 2_000,
  maxRowsPerSheet: 10_000,
};
