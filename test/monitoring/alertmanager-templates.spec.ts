import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALERTMANAGER_DIR } from './support/paths';
import { runTool } from './support/run-tool';

// Real CLI runs; bounded generously for a loaded machine.
jest.setTimeout(30_000);

// Golden tests of the rendered notification text: a change to a template shows up as a diff
// of what people will read. Regenerate on purpose with UPDATE_GOLDEN=1.
const TEMPLATES = [
  'ffe.slack.title',
  'ffe.slack.text',
  'ffe.slack.color',
  'ffe.email.subject',
  'ffe.email.text',
  'ffe.email.html',
];
const testsDir = join(ALERTMANAGER_DIR, 'tests');
const fixtures = readdirSync(join(testsDir, 'fixtures'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));
const { templates } = parse(readFileSync(join(ALERTMANAGER_DIR, 'alertmanager.yml'), 'utf8')) as {
  templates: string[];
};

function render(template: string, fixture: string): string {
  const result = runTool(
    'amtool',
    [
      'template',
      'render',
      ...templates.map((glob) => `--template.glob=${glob}`),
      `--template.data=${join(testsDir, 'fixtures', `${fixture}.json`)}`,
      `--template.text={{ template "${template}" . }}`,
    ],
    ALERTMANAGER_DIR,
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('notification templates (amtool template render)', () => {
  const cases = fixtures.flatMap((fixture) => TEMPLATES.map((t) => [fixture, t] as const));

  it.each(cases)('%s renders %s as the golden file says', (fixture, template) => {
    const rendered = render(template, fixture);
    const golden = join(testsDir, 'golden', fixture, `${template}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(join(testsDir, 'golden', fixture), { recursive: true });
      writeFileSync(golden, rendered);
    }
    expect(rendered).toBe(readFileSync(golden, 'utf8'));
  });

  it.each(fixtures)('%s: Slack text and both email bodies carry the runbook link', (fixture) => {
    const data = JSON.parse(readFileSync(join(testsDir, 'fixtures', `${fixture}.json`), 'utf8'));
    const runbook = data.alerts[0].annotations.runbook_url as string;
    expect(runbook).toMatch(/^docs\/runbooks\/\w+\.md$/);
    for (const template of ['ffe.slack.text', 'ffe.email.text', 'ffe.email.html']) {
      expect(render(template, fixture)).toContain(runbook);
    }
  });

  it('a firing critical alert is red in Slack and shouts in the subject; a resolved one is green', () => {
    expect(render('ffe.slack.color', 'trading-agent-down.firing')).toBe('danger');
    expect(render('ffe.email.subject', 'trading-agent-down.firing')).toBe(
      '[FFE CRITICAL] FIRING: TradingAgentDown (1 alert)',
    );
    expect(render('ffe.slack.color', 'hit-ratio-low.resolved')).toBe('good');
    expect(render('ffe.slack.title', 'hit-ratio-low.resolved')).toMatch(/^\[RESOLVED\]/);
  });
});
