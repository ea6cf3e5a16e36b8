import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCompose } from './support/compose-file';
import { find, kustomize, schemaErrors, unknownFields, type Manifest } from './support/kubernetes';
import { ROOT, readRepoFile, run } from './support/repo';

const base = kustomize('k8s/base');
const prod = kustomize('k8s/overlays/prod');
const GENERATOR = 'scripts/generate-k8s-monitoring.mjs';
const RULES = join(ROOT, 'monitoring/prometheus/rules');

function container(workload: Manifest, name: string) {
  const found = workload.spec.template.spec.containers.find(
    (c: { name: string }) => c.name === name,
  );
  expect(found).toBeDefined();
  return found;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

describe('Kubernetes manifests (rendered by kubectl kustomize, validated offline)', () => {
  it.each([
    ['base', base],
    ['overlays/prod', prod],
  ])(
    '%s validates against the Kubernetes 1.27 and prometheus-operator schemas',
    (_name, manifests) => {
      expect(manifests.length).toBeGreaterThan(5);
      expect(schemaErrors(manifests)).toEqual([]);
    },
  );

  it.each([
    ['base', base],
    ['overlays/prod', prod],
  ])(
    '%s has no field Kubernetes does not know (strict, like kubeconform -strict)',
    (_name, manifests) => {
      expect(unknownFields(manifests)).toEqual([]);
    },
  );

  it('the strict check and the schema check do catch mistakes (the checks are real)', () => {
    const broken = structuredClone(find(prod, 'Deployment', 'ffe-api'));
    broken.spec.template.spec.containers[0].readinessprobe = {
      httpGet: { path: '/ready', port: 'http' },
    };
    expect(unknownFields([broken]).join('\n')).toMatch(/readinessprobe/);
    broken.spec.replicas = 'two';
    expect(schemaErrors([broken]).join('\n')).toMatch(/replicas/);
  });

  it('puts everything in the ffe namespace, which enforces the restricted pod security standard', () => {
    const namespace = find(base, 'Namespace', 'ffe');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const m of prod.filter((m) => m.kind !== 'Namespace'))
      expect(m.metadata.namespace).toBe('ffe');
  });

  it('runs the API non-root and read-only, probed on /live and /ready, with resources and config', () => {
    const deployment = find(base, 'Deployment', 'ffe-api');
    const pod = deployment.spec.template.spec;
    const api = container(deployment, 'api');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(api.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(api.livenessProbe.httpGet).toEqual({ path: '/live', port: 'http' });
    expect(api.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(api.ports).toEqual([{ name: 'http', containerPort: 8000 }]);
    expect(Object.keys(api.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(api.resources.limits.memory).toBeDefined();
    // Config from the generated ConfigMap (its hashed name), keys from the hand-made Secret.
    const configMap = find(base, 'ConfigMap', 'ffe-config');
    expect(api.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: 'ffe-secrets' } },
    ]);
    // The drain (SHUTDOWN_TIMEOUT_MS) and the preStop pause fit in the grace period.
    const drainMs = Number(configMap.data.SHUTDOWN_TIMEOUT_MS);
    const preStopSeconds = Number(api.lifecycle.preStop.exec.command[1]);
    expect(drainMs / 1000 + preStopSeconds).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('runs the same user id as the image, and the image version Compose builds', () => {
    const dockerUser = /^USER (\d+):/m.exec(readRepoFile('Dockerfile'))?.[1];
    expect(find(base, 'Deployment', 'ffe-api').spec.template.spec.securityContext.runAsUser).toBe(
      Number(dockerUser),
    );
    const image = container(find(prod, 'Deployment', 'ffe-api'), 'api').image;
    expect(image).toBe(loadCompose('docker-compose.yml').services.app.image);
    expect(image).toBe(`ffe-api:${JSON.parse(readRepoFile('package.json')).version}`);
  });

  it('exposes the API through a Service that selects its pods on the named port', () => {
    const service = find(base, 'Service', 'ffe-api');
    const podLabels = find(base, 'Deployment', 'ffe-api').spec.template.metadata.labels;
    expect(matches(service.spec.selector, podLabels)).toBe(true);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
  });

  it('keeps Redis in a StatefulSet with a volume claim, AOF on and volatile-lru, same image as Compose', () => {
    const redis = find(base, 'StatefulSet', 'redis');
    expect(redis.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']);
    const headless = find(base, 'Service', redis.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    expect(container(redis, 'redis').image).toBe(
      loadCompose('docker-compose.yml').services.redis.image,
    );
    expect(container(redis, 'redis').securityContext.readOnlyRootFilesystem).toBe(true);
    const conf = find(base, 'ConfigMap', 'redis-config').data['redis.conf'] as string;
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^maxmemory-policy volatile-lru$/m);
    expect(conf).not.toMatch(/^maxmemory-policy allkeys/m);
  });

  it('limits disruption and traffic: a PodDisruptionBudget and NetworkPolicies that wall Redis off', () => {
    const podLabels = find(base, 'Deployment', 'ffe-api').spec.template.metadata.labels;
    expect(
      matches(find(base, 'PodDisruptionBudget', 'ffe-api').spec.selector.matchLabels, podLabels),
    ).toBe(true);
    const denyAll = find(base, 'NetworkPolicy', 'default-deny-ingress');
    expect(denyAll.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const redisPolicy = find(base, 'NetworkPolicy', 'redis-ingress');
    expect(redisPolicy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ffe-api' } } }],
        ports: [{ port: 6379, protocol: 'TCP' }],
      },
      { ports: [{ port: 9121, protocol: 'TCP' }] },
    ]);
  });

  it.each([
    ['base', base],
    ['overlays/prod', prod],
  ])(
    '%s: egress is denied but for the API, which reaches Redis, DNS and the Internet only',
    (_n, manifests) => {
      const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
      expect(find(manifests, 'NetworkPolicy', 'default-deny-egress').spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
      });
      // Only the API's pods get an egress rule: Redis, and anything else deployed beside it, none.
      const egressGranted = policies.filter((p) => (p.spec.egress ?? []).length > 0);
      expect(egressGranted.map((p) => p.spec.podSelector)).toEqual([
        { matchLabels: { 'app.kubernetes.io/name': 'ffe-api' } },
      ]);
      const [redisRule, dnsRule, internetRule] = egressGranted[0].spec.egress;
      expect(redisRule).toEqual({
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } }],
        ports: [{ port: 6379, protocol: 'TCP' }],
      });
      expect(dnsRule.ports.map((p: { port: number }) => p.port)).toEqual([53, 53]);
      // The Internet, not the cluster's own ranges (which would reach every pod).
      expect(internetRule.to[0].ipBlock.except).toEqual(
        expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
      );
      // Redis' port is let in from the API's pods and nowhere else.
      const toRedisPort = policies
        .filter((p) => p.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'redis')
        .flatMap((p) => p.spec.ingress ?? [])
        .filter((rule: { ports?: { port: number }[] }) => rule.ports?.some((p) => p.port === 6379));
      expect(toRedisPort.map((rule: { from: unknown }) => rule.from)).toEqual([
        [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ffe-api' } } }],
      ]);
    },
  );

  it.each([
    ['base', base],
    ['overlays/prod', prod],
  ])(
    '%s: Redis requires a password from the Secret, and the exporter is a read-only user',
    (_n, manifests) => {
      const conf = find(manifests, 'ConfigMap', 'redis-config').data['redis.conf'] as string;
      expect(conf).not.toMatch(/^protected-mode no/m);
      const redis = find(manifests, 'StatefulSet', 'redis');
      const server = container(redis, 'redis');
      expect(server.command).toEqual(['sh', '/etc/redis-start/redis-server.sh']);
      const env = Object.fromEntries(
        server.env.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      expect(env).toMatchObject({
        REDIS_CONFIG_FILE: '/etc/redis/redis.conf',
        REDIS_PASSWORD_FILE: '/etc/redis-auth/REDIS_PASSWORD',
        REDIS_EXPORTER_PASSWORD_FILE: '/etc/redis-auth/REDIS_EXPORTER_PASSWORD',
      });
      expect(server.readinessProbe.exec.command).toEqual([
        'sh',
        '/etc/redis-start/redis-server.sh',
        '--ping',
      ]);
      const volumes = redis.spec.template.spec.volumes;
      expect(volumes).toContainEqual(
        expect.objectContaining({
          name: 'auth',
          secret: expect.objectContaining({ secretName: 'redis-auth' }),
        }),
      );
      // The script Kubernetes runs is the one Compose runs (redis-auth.spec tests it on a server).
      const start = find(
        manifests,
        'ConfigMap',
        volumes.find((v: { name: string }) => v.name === 'start').configMap.name,
      );
      expect(start.data['redis-server.sh']).toBe(readRepoFile('scripts/docker/redis-server.sh'));

      const exporter = container(redis, 'redis-exporter');
      const exporterEnv = Object.fromEntries(
        exporter.env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [
          e.name,
          e.value ?? e.valueFrom,
        ]),
      );
      expect(exporterEnv).toEqual({
        REDIS_ADDR: 'redis://127.0.0.1:6379',
        REDIS_USER: 'redis-exporter',
        REDIS_PASSWORD: { secretKeyRef: { name: 'redis-auth', key: 'REDIS_EXPORTER_PASSWORD' } },
      });
      const api = container(find(manifests, 'Deployment', 'ffe-api'), 'api');
      expect(api.env).toContainEqual({
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'REDIS_PASSWORD' } },
      });
    },
  );

  it('runs two or more API replicas in production, scaled by an HPA', () => {
    const deployment = find(prod, 'Deployment', 'ffe-api');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const hpa = find(prod, 'HorizontalPodAutoscaler', 'ffe-api');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'ffe-api',
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });

  it('scrapes every API pod with a ServiceMonitor that matches the Service and its port', () => {
    const monitor = find(prod, 'ServiceMonitor', 'ffe-api');
    const service = find(prod, 'Service', 'ffe-api');
    expect(matches(monitor.spec.selector.matchLabels, service.metadata.labels ?? {})).toBe(true);
    expect(monitor.spec.endpoints.map((e: { port: string }) => e.port)).toEqual([
      service.spec.ports[0].name,
    ]);
    expect(monitor.spec.endpoints[0].path).toBe('/metrics');
  });
});

describe('PrometheusRule generated from monitoring/prometheus/rules', () => {
  it('the committed file is what the generator writes now (regenerate after changing a rule)', () => {
    const { status, stderr } = run('node', [GENERATOR, '--check']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('holds exactly the rule groups of every rule file, in file-name order', () => {
    const files = readdirSync(RULES)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const groups = files.flatMap((f) => parse(readFileSync(join(RULES, f), 'utf8')).groups);
    const rendered = find(prod, 'PrometheusRule', 'ffe-rules');
    expect(rendered.spec.groups).toEqual(groups);
  });

  it('the check fails on a stale copy', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ffe-rules-')), 'prometheusrule.yaml');
    writeFileSync(
      out,
      readRepoFile('k8s/components/prometheus-operator/prometheusrule.yaml').replace(
        /for: \w+/,
        'for: 99m',
      ),
    );
    const { status, stderr } = run('node', [GENERATOR, '--check', '--out', out]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/stale/);
  });
});
