import { execFileSync } from 'node:child_process';

function onPath(command: string) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure a command from a Debian package is installed (kubectl, promtool), installing the
 * package with apt-get when it is missing; the tests need the real tool, not a stand-in.
 */
export function ensureDebianTool(command: string, debianPackage: string) {
  if (onPath(command)) return;
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!onPath(command))
    throw new Error(`${command} is still missing after installing ${debianPackage}`);
}
