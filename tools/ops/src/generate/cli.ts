// Writes the generated operations files (Strimzi topics, PrometheusRule, dashboards).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ROOT } from '../support/workspace';
import { generatedFiles } from './outputs';

for (const file of generatedFiles()) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content);
  console.log(`wrote ${relative(ROOT, file.path)}`);
}
