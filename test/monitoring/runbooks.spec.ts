import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNBOOKS_DIR } from './support/paths';
import { alertNames } from './support/rules';

const SECTIONS = ['## Meaning', '## First checks', '## Mitigations', '## Escalation'];

describe('runbooks', () => {
  it('there is one page per alert and no page without an alert', () => {
    const pages = readdirSync(RUNBOOKS_DIR)
      .filter((file) => file.endsWith('.md') && file !== 'README.md')
      .map((file) => file.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(alertNames());
  });

  it.each(alertNames())('%s.md has meaning, first checks, mitigations and escalation', (name) => {
    const page = readFileSync(join(RUNBOOKS_DIR, `${name}.md`), 'utf8');
    expect(page.startsWith(`# ${name}`)).toBe(true);
    for (const section of SECTIONS) expect(page).toContain(section);
    // First checks are commands to run, not prose only.
    const checks = page.split('## First checks')[1].split('## Mitigations')[0];
    expect(checks).toMatch(/```sh\n[\s\S]+?```/);
  });
});
