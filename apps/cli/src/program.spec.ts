import { buildProgram } from './program';

describe('ffe-ctl program', () => {
  it('reads the API URL and key from the environment', () => {
    const program = buildProgram({ FFE_API_URL: 'http://api.test:9000', FFE_API_KEY: 'k' });
    program.parse([], { from: 'user' });
    expect(program.opts()).toMatchObject({
      apiUrl: 'http://api.test:9000',
      apiKey: 'k',
      json: false,
    });
  });

  it('lets flags override the environment', () => {
    const program = buildProgram({ FFE_API_URL: 'http://env:1' });
    program.parse(['--api-url', 'http://flag:2', '--json', '--timeout', '500'], { from: 'user' });
    expect(program.opts()).toMatchObject({ apiUrl: 'http://flag:2', json: true, timeout: 500 });
  });

  it('documents the global options in --help', () => {
    const help = buildProgram({}).helpInformation();
    for (const flag of ['--api-url', '--api-key', '--json', '--timeout'])
      expect(help).toContain(flag);
  });
});
