import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Pod } from 'kubernetes-models/v1';
import { ROOT, readRepoFile } from './support/repo';

/** docs/deployment.md: what it names must exist here, and what it hands to kubectl must be valid. */
const doc = readRepoFile('docs/deployment.md');
const shell = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
// Created by the reader (secrets, backups, .env) or placeholders: not expected in the repo.
const MADE_BY_THE_READER = /^(secrets|backups)\/|^\.env$|^<|\/redis-\d/;

describe('docs/deployment.md', () => {
  it('names only files and folders that exist in the repository', () => {
    const paths = [
      ...doc.matchAll(
        /`((?:k8s|scripts|monitoring|docs|test)\/[\w./*-]*|Dockerfile|docker-compose[\w.]*\.yml|\.env\.example)`/g,
      ),
      ...shell.matchAll(/(?:^|\s|-f )((?:k8s|scripts|monitoring)\/[\w./-]+)/gm),
    ]
      .map((m) => m[1].replace(/\/\*.*$/, ''))
      .filter((p) => !MADE_BY_THE_READER.test(p));
    expect(paths.length).toBeGreaterThan(10);
    for (const path of new Set(paths))
      expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });

  it('uses only variables that .env.example or the backup scripts document', () => {
    const scripts =
      readRepoFile('scripts/backup-redis.sh') + readRepoFile('scripts/restore-redis.sh');
    const documented = new Set([
      ...[...readRepoFile('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]),
      ...[...scripts.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
    ]);
    const named = [...doc.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(3);
    for (const name of named)
      expect({ name, documented: documented.has(name) }).toEqual({ name, documented: true });
  });

  it('the restore pod it runs on Kubernetes is a valid Pod that passes the restricted pod security standard', () => {
    const overrides = /--overrides='([^']+)'/.exec(shell)?.[1];
    expect(overrides).toBeDefined();
    const spec = JSON.parse(overrides as string).spec;
    expect(() => new Pod({ metadata: { name: 'redis-restore' }, spec }).validate()).not.toThrow();
    expect(spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    // The claim the StatefulSet creates for its first pod: <template name>-<set name>-0.
    expect(spec.volumes[0].persistentVolumeClaim.claimName).toBe('data-redis-0');
  });

  it('pins the same Redis image the stack runs', () => {
    expect(doc).toContain('redis:7.2.5-alpine');
    expect(readRepoFile('docker-compose.yml')).toContain('image: redis:7.2.5-alpine');
  });
});
