import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/test-app';

const run = promisify(execFile);

/** Renders /docs in headless Chromium and reads the DOM Swagger UI built from /docs-json. */
describe('Swagger UI in a real browser', () => {
  let app: NestFastifyApplication;
  let profile: string;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
    profile = mkdtempSync(join(tmpdir(), 'ffe-chromium-'));
  });
  afterAll(async () => {
    await app.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('renders the API title and its operations', async () => {
    const { stdout } = await run(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        // Lets Swagger UI's scripts fetch /docs-json and render before the DOM is dumped.
        '--virtual-time-budget=10000',
        '--dump-dom',
        `${baseUrl.replace('[::1]', '127.0.0.1')}/docs`,
      ],
      { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
    );
    expect(stdout).toContain('swagger-ui');
    expect(stdout).toContain('Finance Feedback Engine');
    expect(stdout).toMatch(/opblock-summary-path[^>]*data-path="\/api\/v1\/monitoring\/health"/);
    expect(stdout).toMatch(/data-path="\/ready"/);
  }, 90_000);
});
