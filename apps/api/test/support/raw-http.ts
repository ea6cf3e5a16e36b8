import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Raw HTTP over a socket: fetch and supertest normalise the request target (decode, resolve dot
 * segments, drop absolute form), which is exactly what these tests must not do.
 */

/** Listens on an ephemeral loopback port (once per app) and returns it. */
export async function loopbackPort(app: NestFastifyApplication): Promise<number> {
  const server = app.getHttpServer();
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return (server.address() as AddressInfo).port;
}

export interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/** Sends `method target` with optional headers and body, Connection: close; resolves with the reply. */
export function sendRaw(
  port: number,
  request: { method: string; target: string; headers?: Record<string, string>; body?: string },
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const body = request.body ?? '';
  const headers: Record<string, string> = {
    host: 'localhost',
    connection: 'close',
    ...request.headers,
  };
  if (body.length > 0 || request.method !== 'GET')
    headers['content-length'] ??= `${Buffer.byteLength(body)}`;
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return exchange(port, `${head}\r\n\r\n${body}`, timeoutMs);
}

function exchange(port: number, text: string, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply within ${timeoutMs} ms to ${text.split('\r\n')[0]}`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(Buffer.concat(chunks).toString('utf8')));
    });
    socket.write(text);
  });
}

function parse(reply: string): RawResponse {
  const split = reply.indexOf('\r\n\r\n');
  const head = split === -1 ? reply : reply.slice(0, split);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  return { status, head, body: split === -1 ? '' : reply.slice(split + 4) };
}

/** Opens a socket and resolves once it is connected, for tests that write to it piecemeal. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}
