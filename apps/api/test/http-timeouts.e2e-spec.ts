import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Socket } from 'node:net';
import { loopbackPort, openSocket } from './support/raw-http';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

const HEADERS_MS = 400;
const REQUEST_MS = 800;
const KEEP_ALIVE_MS = 400;
/** Room for a loaded machine past each bound; far below the minutes a socket stayed open. */
const SLACK_MS = 3_000;

/** Resolves when the server closes the socket, or after `boundMs` with `closed: false`. */
function closeOf(socket: Socket, boundMs: number) {
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('utf8')));
  return new Promise<{ closed: boolean; afterMs: number; received: string }>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, afterMs: Date.now() - started, received });
    }, boundMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, afterMs: Date.now() - started, received });
    });
  });
}

/** A slow or idle client cannot hold a socket: headers, body and keep-alive are all bounded. */
describe('HTTP connection bounds', () => {
  let app: NestFastifyApplication;
  let port: number;
  beforeAll(async () => {
    app = await startTestApp(
      testConfig({
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
        HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
      }),
    );
    port = await loopbackPort(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('cuts a request whose body stalls halfway with a 408', async () => {
    const socket = await openSocket(port);
    socket.write(
      [
        'POST /api/v1/bot/start HTTP/1.1',
        'host: localhost',
        `x-api-key: ${TEST_API_KEY}`,
        'content-type: application/json',
        'content-length: 200',
        '',
        '{"asset_pairs":["BTC',
      ].join('\r\n'),
    );
    const result = await closeOf(socket, REQUEST_MS + SLACK_MS);
    expect(result.closed).toBe(true);
    expect(result.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts a request whose headers stall', async () => {
    const socket = await openSocket(port);
    socket.write('GET /live HTTP/1.1\r\nhost: localhost\r\nx-slow: ');
    const result = await closeOf(socket, HEADERS_MS + SLACK_MS);
    expect(result.closed).toBe(true);
    expect(result.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a keep-alive connection left idle after its answer', async () => {
    const socket = await openSocket(port);
    const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    const closed = closeOf(socket, KEEP_ALIVE_MS + SLACK_MS);
    socket.write('GET /live HTTP/1.1\r\nhost: localhost\r\nconnection: keep-alive\r\n\r\n');
    await answered;
    const result = await closed;
    expect(result.received).toMatch(/^HTTP\/1\.1 200/);
    expect(result.closed).toBe(true);
  });

  it('still answers a request sent at once', async () => {
    const socket = await openSocket(port);
    const closed = closeOf(socket, SLACK_MS);
    socket.write('GET /live HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n');
    expect((await closed).received).toMatch(/^HTTP\/1\.1 200/);
  });
});
