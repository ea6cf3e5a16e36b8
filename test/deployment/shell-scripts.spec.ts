import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support/repo';

// POSIX sh, not bash: they also run inside the Redis (busybox) and Node (dash) images.
const SCRIPTS = [
  'scripts/backup-redis.sh',
  'scripts/restore-redis.sh',
  'scripts/docker/entrypoint.sh',
  'scripts/docker/runtime-tree.sh',
  'scripts/docker/redis-server.sh',
];

describe('deployment shell scripts', () => {
  it('pass shellcheck as POSIX sh', () => {
    const { status, stdout } = run('shellcheck', ['--shell=sh', '--format=gcc', ...SCRIPTS]);
    expect({ status, findings: stdout.trim().split('\n').filter(Boolean) }).toEqual({
      status: 0,
      findings: [],
    });
  });

  it('shellcheck does report a broken script (the check is real)', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ffe-sh-')), 'bad.sh');
    writeFileSync(bad, '#!/bin/sh\nfiles=$(ls)\nrm $files\n[[ -n "$x" ]] && echo ok\n');
    expect(run('shellcheck', ['--shell=sh', bad]).status).not.toBe(0);
  });
});
