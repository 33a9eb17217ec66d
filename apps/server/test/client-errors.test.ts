import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../src/client-errors.ts';

// Node refused oversized headers with a bare 431 and no body; the API promises its error envelope.

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer({ maxHeaderSize: 1024 }, (_req, res) => res.end('ok'));
  answerClientErrors(server, 1024);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw bytes and reads until the server closes the connection. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

function parse(response: string) {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body) as Record<string, unknown> };
}

describe('requests Node refuses before the app', () => {
  it('answers headers too large with 431 in the error envelope', async () => {
    const res = parse(await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4000)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.head).toMatch(/content-type: application\/json/i);
    expect(res.body).toEqual({
      code: 'headers_too_large',
      message: '请求头过大（请求行与请求头合计上限 1KB）',
      details: {},
    });
  });

  it('answers a malformed request with 400 in the error envelope', async () => {
    const res = parse(await raw('NOT A REQUEST\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_input' });
  });

  it('serves ordinary requests as before', async () => {
    expect(await raw('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/200 OK[\s\S]*ok$/);
  });
});
