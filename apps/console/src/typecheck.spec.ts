import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../..');
const CONSOLE = join(ROOT, 'apps/console');

/**
 * Type-checks the console together with one extra file, as `tsc -p apps/console` would: the
 * console's own files compile, so every error printed is the fixture's.
 */
async function typeErrors(fixture: string): Promise<string[]> {
  const dir = mkdtempSync(join(CONSOLE, 'src', '.typecheck-'));
  try {
    writeFileSync(join(dir, 'fixture.tsx'), fixture);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: relative(dir, join(CONSOLE, 'tsconfig.json')),
        include: ['../**/*.ts', '../**/*.tsx', './fixture.tsx'],
      }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir, '--noEmit'], {
      cwd: ROOT,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    return result.stdout.split('\n').filter((line) => line.includes('error TS'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The console is typed end to end by the gateway's router: the outputs it reads are the
// procedures' outputs, so a procedure whose output changes breaks the console's type-check.
describe('the console is typed by the gateway router', () => {
  jest.setTimeout(300_000);

  it('accepts what the router declares and refuses what it does not', async () => {
    const fixture = `
      import type { RouterOutputs } from '@sleep/api-client';
      import { useQuery } from '@tanstack/react-query';
      import { useTRPC } from '../api/trpc';
      import { StatList } from '../pages/night.page';

      type Night = RouterOutputs['sessions']['get'];
      // A procedure whose output lost a field: stat renamed to stats.
      type ChangedNight = Omit<Night, 'stat'> & { stats: Night['stat'] };

      export function Right({ night }: { night: Night }) {
        const trpc = useTRPC();
        const users = useQuery(trpc.users.list.queryOptions({ limit: 10 }));
        return <p>{users.data?.users[0]?.appUserId}<StatList night={night} /></p>;
      }

      export function WrongOutput({ night }: { night: ChangedNight }) {
        return <StatList night={night} />; // wrong
      }

      export function WrongField() {
        const trpc = useTRPC();
        const users = useQuery(trpc.users.list.queryOptions({ limit: 10 }));
        return <p>{users.data?.users[0]?.userName}</p>; // wrong
      }

      export function WrongInput() {
        const trpc = useTRPC();
        useQuery(trpc.sessions.list.queryOptions({ appUserId: 'a', limit: 'ten' })); // wrong
        return null;
      }
    `;
    const errors = await typeErrors(fixture);
    // Every error is on a line marked wrong, and every marked line has one.
    const wrongLines = fixture
      .split('\n')
      .flatMap((line, i) => (line.includes('// wrong') ? [i + 1] : []));
    const errorLines = errors.map((e) => Number(/fixture\.tsx\((\d+),/.exec(e)?.[1]));
    expect([...new Set(errorLines)]).toEqual(wrongLines);
    expect(errors.join('\n')).toMatch(/Property 'stat' is missing/);
    expect(errors.join('\n')).toMatch(/Property 'userName' does not exist/);
  });
});
