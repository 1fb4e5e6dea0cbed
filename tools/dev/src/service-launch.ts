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

/** Node arguments that start app `name` of the workspace at `root` in `mode`. */
export function serviceNodeArgs(root: string, name: string, mode: LaunchMode): string[] {
  return mode === 'compiled'
    ? [...SERVICE_HEAP_FLAGS, join(root, 'dist', 'apps', name, 'main.js')]
    : [
        ...SERVICE_HEAP_FLAGS,
        '-r',
        '@swc-node/register',
        join(root, 'apps', name, 'src', 'main.ts'),
      ];
}
