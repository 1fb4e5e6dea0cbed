import { join } from 'node:path';

/** How `npm start` runs an app: its compiled bundle, or its TypeScript compiled on load by SWC. */
export type LaunchMode = 'compiled' | 'swc-on-load';

/**
 * V8's heap sized for a service rather than for the machine: without a limit V8 lets the old
 * space grow toward a quarter of the machine's memory and collects late, so a busy service's RSS
 * climbs to several hundred MB while it uses about 100. Small semi-spaces keep the young
 * generation (allocated per request, freed at once) from holding memory it rarely needs.
 * Deployments size the old space to the container instead (NODE_OPTIONS in the Dockerfile).
 * SERVICE_NODE_FLAGS replaces these flags (empty: V8's defaults).
 */
export const SERVICE_HEAP_FLAGS = (
  process.env['SERVICE_NODE_FLAGS'] ?? '--max-old-space-size=192 --max-semi-space-size=4'
)
  .split(' ')
  .filter(Boolean);

/**
 * Apps deployed with other V8 flags than the image's, as deployed (k8s base, compose), unless
 * SERVICE_NODE_FLAGS is set: analytics-service's A1 answers and session-service's batches of
 * nights want 16 MB semi-spaces, webhook-ingest's nights waiting for Kafka 8 MB. V8 takes the
 * last of a repeated flag.
 */
const DEPLOYED_APP_FLAGS: Record<string, string[]> = {
  'analytics-service': ['--max-semi-space-size=16'],
  'session-service': ['--max-semi-space-size=16'],
  'webhook-ingest': ['--max-semi-space-size=8'],
};

/** The V8 flags app `name` runs with. */
export function serviceHeapFlags(name: string): string[] {
  const own = process.env['SERVICE_NODE_FLAGS'] === undefined ? DEPLOYED_APP_FLAGS[name] : [];
  return [...SERVICE_HEAP_FLAGS, ...(own ?? [])];
}

/** Node arguments that start app `name` of the workspace at `root` in `mode`. */
export function serviceNodeArgs(root: string, name: string, mode: LaunchMode): string[] {
  return mode === 'compiled'
    ? [...serviceHeapFlags(name), join(root, 'dist', 'apps', name, 'main.js')]
    : [
        ...serviceHeapFlags(name),
        '-r',
        '@swc-node/register',
        join(root, 'apps', name, 'src', 'main.ts'),
      ];
}
