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
    ]);
  });

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
