import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ErrorBody, type ErrorCode, errorStatus } from '@jixiao/api';

/** What Node refuses before the app sees a request, in the API's error envelope. */
function refusal(err: NodeJS.ErrnoException, maxHeaderBytes: number): { code: ErrorCode; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return {
      code: 'headers_too_large',
      message: `请求头过大（请求行与请求头合计上限 ${Math.round(maxHeaderBytes / 1024)}KB）`,
    };
  }
  return { code: 'invalid_input', message: '请求格式不正确，无法解析（HTTP 协议错误）' };
}

/**
 * Answers requests Node's HTTP parser refuses (headers too large: 431; malformed: 400) with a JSON
 * body in the error envelope, instead of Node's empty one, then closes the connection.
 */
export function answerClientErrors(server: Server, maxHeaderBytes: number): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { code, message } = refusal(err, maxHeaderBytes);
    const body = JSON.stringify({ code, message, details: {} } satisfies ErrorBody);
    const status = errorStatus(code);
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
