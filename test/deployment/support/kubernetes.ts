import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { ROOT, run } from './repo';

/** A rendered manifest; specs read deep into it, so the body is loosely typed on purpose. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
};

/** Every kind we ship, with the package module that holds its Kubernetes (1.27) schema. */
const MODELS: Record<string, { model: new (data: never) => { validate(): void }; module: string }> =
  {
    'v1/Namespace': { model: Namespace, module: 'kubernetes-models/v1/Namespace' },
    'v1/ConfigMap': { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap' },
    'v1/Secret': { model: Secret, module: 'kubernetes-models/v1/Secret' },
    'v1/Service': { model: Service, module: 'kubernetes-models/v1/Service' },
    'apps/v1/Deployment': { model: Deployment, module: 'kubernetes-models/apps/v1/Deployment' },
    'apps/v1/StatefulSet': { model: StatefulSet, module: 'kubernetes-models/apps/v1/StatefulSet' },
    'policy/v1/PodDisruptionBudget': {
      model: PodDisruptionBudget,
      module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    },
    'networking.k8s.io/v1/NetworkPolicy': {
      model: NetworkPolicy,
      module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    },
    'autoscaling/v2/HorizontalPodAutoscaler': {
      model: HorizontalPodAutoscaler,
      module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    },
    'monitoring.coreos.com/v1/ServiceMonitor': {
      model: ServiceMonitor,
      module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
    },
    'monitoring.coreos.com/v1/PrometheusRule': {
      model: PrometheusRule,
      module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
    },
  };

/** Renders a kustomization with kubectl's built-in kustomize, offline. */
export function kustomize(path: string): Manifest[] {
  let result: ReturnType<typeof run>;
  try {
    result = run('kubectl', ['kustomize', path]);
  } catch (error) {
    throw new Error(
      `kubectl is needed to render k8s/ (its built-in kustomize, v5): ${(error as Error).message}`,
    );
  }
  const { status, stdout, stderr } = result;
  if (status !== 0) throw new Error(`kubectl kustomize ${path} failed: ${stderr}`);
  return parseAllDocuments(stdout).map((doc) => doc.toJS() as Manifest);
}

function key(manifest: Manifest): string {
  return `${manifest.apiVersion}/${manifest.kind}`;
}

/** Schema errors of each manifest (types, required fields, enums), `kind/name: message`. */
export function schemaErrors(manifests: Manifest[]): string[] {
  return manifests.flatMap((manifest) => {
    const entry = MODELS[key(manifest)];
    if (!entry) return [`${key(manifest)}: no schema registered for this kind`];
    try {
      new entry.model(manifest as never).validate();
      return [];
    } catch (error) {
      return [`${manifest.kind}/${manifest.metadata.name}: ${(error as Error).message}`];
    }
  });
}

/**
 * Unknown fields (a misspelt `readinessprobe` is silently dropped by a schema check): each
 * manifest is type-checked as an object literal of the package's TypeScript type, and the
 * compiler's excess-property check names every field Kubernetes does not know.
 */
export function unknownFields(manifests: Manifest[]): string[] {
  const dir = join(ROOT, '.local/k8s-strict');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'manifests.ts');
  const lines = manifests.map((manifest, i) => {
    const entry = MODELS[key(manifest)];
    const type = `I${manifest.kind}`;
    return entry
      ? `import type { ${type} as T${i} } from '${entry.module}';\nexport const m${i}: T${i} = ${JSON.stringify(manifest)};`
      : '// no schema\n//'; // two lines per manifest, so a line number names its manifest
  });
  writeFileSync(file, lines.join('\n'));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const index = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line : -1;
    const manifest = manifests[Math.floor(index / 2)];
    const where = manifest ? `${manifest.kind}/${manifest.metadata.name}` : 'manifests';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name.startsWith(name));
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}
