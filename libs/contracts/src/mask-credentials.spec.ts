import { maskUrlCredentials, maskValueCredentials } from './mask-credentials';

describe('maskUrlCredentials', () => {
  it.each([
    ['redis://:supersecret@host:6379', 'redis://***@host:6379'],
    ['redis://user:supersecret@host/0', 'redis://***@host/0'],
    ['rediss://default:p%40ss@h', 'rediss://***@h'],
    [
      'connect to https://u:supersecret@llm.local/v1 failed',
      'connect to https://***@llm.local/v1 failed',
    ],
    ['a redis://:supersecret@a and redis://:supersecret@b', 'a redis://***@a and redis://***@b'],
    [':supersecret@host', '***@host'],
    ['no credentials: redis://host:6379', 'no credentials: redis://host:6379'],
  ])('%s', (text, masked) => {
    expect(maskUrlCredentials(text)).toBe(masked);
    expect(maskUrlCredentials(text)).not.toContain('supersecret');
  });
});

describe('maskValueCredentials', () => {
  it.each([
    ['redis://:supersecret@host/ x', 'redis://***@host/ x'],
    ['redis://:super secret@host', 'redis://***@host'],
    ['http://user:super@secret@host', 'http://***@host'],
    ['user:supersecret@host', '***@host'],
    ['redis://host:6379', 'redis://host:6379'],
    ['5', '5'],
  ])('%s', (value, masked) => {
    expect(maskValueCredentials(value)).toBe(masked);
  });
});
