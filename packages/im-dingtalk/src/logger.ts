/** Where the adapter reports what happened. Messages are in Chinese; nothing secret is ever passed in. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const PREFIX = '[im-dingtalk]';

export const consoleLogger: Logger = {
  info: (message, details) => console.log(PREFIX, message, ...(details ? [details] : [])),
  warn: (message, details) => console.warn(PREFIX, message, ...(details ? [details] : [])),
  error: (message, details) => console.error(PREFIX, message, ...(details ? [details] : [])),
};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
