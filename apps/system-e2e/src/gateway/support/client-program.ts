import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../../../..');
const CLIENT_SRC = join(ROOT, 'libs/api-client/src');

/** What a frontend writes: it imports nothing but the client package. */
const PROGRAM = `
import { createClient, gatewayErrorInfo, type RouterOutputs } from '@sleep/api-client';

const client = createClient({ url: process.env.GATEWAY_URL ?? '', getToken: () => process.env.TOKEN ?? null });

/** Never called: compile-time proof that the router's types reach the program. */
export function typeChecks(): void {
  // @ts-expect-error a procedure the gateway does not have
  void client.sessions.nope.query();
  // @ts-expect-error a session id is required
  void client.sessions.get.query({});
}

async function main(): Promise<void> {
  const me: RouterOutputs['me'] = await client.me.query();
  const user = await client.users.create.mutate({ metadata: { birth_year: 1990, gender: 'female' } });
  const refused = await client.stats.average.query({ startDate: '2025-01-01', endDate: '2025-12-31' }).catch(gatewayErrorInfo);
  // After the feed's cursor now, the stream misses nothing however late it connects.
  const start = await client.sync.changes.query({});
  const event = await new Promise((done, fail) => {
    const subscription = client.sessions.live.subscribe({ cursor: start.cursor }, {
      onStarted: () => console.log(JSON.stringify({ subscribed: true, asleepUserId: user.asleepUserId })),
      onData: (received) => {
        subscription.unsubscribe();
        done(received);
      },
      onError: fail,
    });
  });
  console.log(JSON.stringify({ me: me.appUserId, tenant: me.tenant?.id, asleepUserId: user.asleepUserId, refused, event }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
`;

export interface BuiltProgram {
  dir: string;
  entry: string;
  /** The client package as emitted JS, to check it requires no server code. */
  clientJs: string;
}

/**
 * Type-checks the program against the workspace (so the router's types are checked end to end),
 * then emits it and the client package into a folder of their own, the package under
 * `node_modules/@sleep/api-client` as if installed.
 */
export function buildClientProgram(): BuiltProgram {
  const dir = mkdtempSync(join(tmpdir(), 'api-client-program-'));
  const source = join(dir, 'program.ts');
  writeFileSync(source, PROGRAM);
  const base = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile).config as {
    compilerOptions: object;
  };
  const { options } = ts.convertCompilerOptionsFromJson(
    {
      ...base.compilerOptions,
      rootDir: '/',
      baseUrl: ROOT,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    ROOT,
  );
  const program = ts.createProgram([source], options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(
      ts.formatDiagnosticsWithColorAndContext(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => '\n',
      }),
    );
  }
  const emit = (code: string) =>
    ts.transpileModule(code, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
  const packageDir = join(dir, 'node_modules/@sleep/api-client');
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(
    join(packageDir, 'package.json'),
    JSON.stringify({ name: '@sleep/api-client', main: 'index.js' }),
  );
  let clientJs = '';
  for (const file of readdirSync(CLIENT_SRC).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'),
  )) {
    const js = emit(readFileSync(join(CLIENT_SRC, file), 'utf8'));
    clientJs += js;
    writeFileSync(join(packageDir, file.replace(/\.ts$/, '.js')), js);
  }
  const entry = join(dir, 'program.js');
  writeFileSync(entry, emit(PROGRAM));
  return { dir, entry, clientJs };
}
