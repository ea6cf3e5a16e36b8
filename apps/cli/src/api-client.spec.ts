import { freePort } from '@ffe/testing';
import { ApiClient } from './api-client';
import { CliError } from './exit-codes';

describe('ApiClient error lines', () => {
  it('never carry the credentials of the API URL', async () => {
    const port = await freePort();
    const client = new ApiClient({
      apiUrl: `http://ops:url-secret@127.0.0.1:${port}`,
      apiKey: 'key-secret-0123456789',
      timeout: 2_000,
    });
    const error = await client.api('GET', '/status').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    const message = (error as CliError).message;
    expect(message).toContain(`http://***@127.0.0.1:${port}`);
    expect(message).not.toContain('url-secret');
    expect(message).not.toContain('key-secret');
  });

  it('nor does the line for an API URL that does not parse', async () => {
    const client = new ApiClient({ apiUrl: 'http://ops:url-secret@ bad', timeout: 1_000 });
    const error = await client.api('GET', '/status').catch((e: unknown) => e);
    expect((error as CliError).message).toBe('invalid --api-url "http://***@ bad"');
  });
});
