import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ensureDebianTool } from './debian-tool';
import { ROOT } from './workspace';

export const OVERLAYS = ['dev', 'prod'] as const;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** Renders an overlay with kubectl's built-in kustomize, exactly as `kubectl apply -k` would. */
export function renderOverlay(overlay: string): K8sObject[] {
  ensureDebianTool('kubectl', 'kubectl');
  const yaml = execFileSync('kubectl', ['kustomize', join(ROOT, 'k8s/overlays', overlay)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(yaml).map((doc) => doc.toJSON() as K8sObject);
}
