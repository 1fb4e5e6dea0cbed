import { execFileSync } from 'node:child_process';
import type { K8sObject } from './kustomize';
import { ROOT } from './workspace';

/** API groups whose schemas no npm models package carries; checked by their own tests. */
export const UNMODELLED_GROUPS = ['kafka.strimzi.io'];

// kubernetes-models is ESM-only, so a plain Node child validates (jest runs CommonJS).
const VALIDATOR = `
const objects = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const packages = ['kubernetes-models', '@kubernetes-models/keda', '@kubernetes-models/prometheus-operator'];
(async () => {
  const results = [];
  for (const object of objects) {
    let model;
    for (const pkg of packages) {
      try {
        model = (await import(pkg + '/' + object.apiVersion))[object.kind];
        if (model) break;
      } catch {}
    }
    const id = object.kind + '/' + object.metadata.name;
    if (!model) { results.push({ id, apiVersion: object.apiVersion, error: 'no schema' }); continue; }
    try { new model(object).validate(); results.push({ id, error: null }); }
    catch (err) { results.push({ id, apiVersion: object.apiVersion, error: String(err.message) }); }
  }
  process.stdout.write(JSON.stringify(results));
})();
`;

export interface ValidationResult {
  id: string;
  apiVersion?: string;
  error: string | null;
}

/** Validates each object against its Kubernetes (or operator CRD) JSON schema. */
export function validateObjects(objects: K8sObject[]): ValidationResult[] {
  const out = execFileSync(process.execPath, ['-e', VALIDATOR], {
    cwd: ROOT,
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(out) as ValidationResult[];
}
