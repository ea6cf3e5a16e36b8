import { buildProgram } from './program';

describe('ffe-ctl program', () => {
  it('reads the API URL and key from the environment', () => {
    const program = buildProgram({ FFE_API_URL: 'http://api.test:9000', FFE_API_KEY: 'k' });
    program.parseOptions([]);
    expect(program.opts()).toMatchObject({
      apiUrl: 'http://api.test:9000',
      apiKey: 'k',
      json: false,
      timeout: 10_000,
    });
  });

  it('lets flags override the environment', () => {
    const program = buildProgram({ FFE_API_URL: 'http://env:1' });
    program.parseOptions(['--api-url', 'http://flag:2', '--json', '--timeout', '500']);
    expect(program.opts()).toMatchObject({ apiUrl: 'http://flag:2', json: true, timeout: 500 });
  });

  it('documents the global options and the exit codes in --help', () => {
    const program = buildProgram({});
    let help = '';
    program.configureOutput({ writeOut: (text) => (help += text) });
    program.outputHelp();
    for (const flag of ['--api-url', '--api-key', '--json', '--timeout', 'Exit codes:'])
      expect(help).toContain(flag);
  });

  it('has every command of the design', () => {
    const names = buildProgram({}).commands.flatMap((group) =>
      group.commands.length === 0
        ? [group.name()]
        : group.commands.map((c) => `${group.name()} ${c.name()}`),
    );
    expect(names.sort()).toEqual(
      [
        'bot emergency-stop',
        'bot start',
        'bot status',
        'bot stop',
        'cache stats',
        'cache warm',
        'config update',
        'decisions create',
        'decisions list',
        'health check',
        'metrics show',
        'positions close',
        'positions list',
        'trade',
      ].sort(),
    );
  });
});
