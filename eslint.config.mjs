import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: apps depend on libs only; libs never on apps nor on tools; contracts on
 * nothing but zod; the domain math on contracts only. Test infrastructure (`type:testkit`) only in
 * test files. Scopes name an owner: an app's scope imports its own libs plus `scope:shared` ones.
 */
const TEST_FILES = [
  '**/*.spec.ts',
  '**/testing.ts',
  '**/testing/**/*.ts',
  '**/__tests__/**/*.ts',
  '**/bench/**/*.ts',
];

const scopeConstraints = [
  // scope:gateway libs (gateway-api, health-exports, the console's client) are the gateway's alone.
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
  { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'] },
  { sourceTag: 'scope:sessions', onlyDependOnLibsWithTags: ['scope:shared', 'scope:sessions'] },
  { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:shared', 'scope:analytics'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The whole-system tests drive every service through its own entry points.
  {
    sourceTag: 'scope:system',
    onlyDependOnLibsWithTags: [
      'scope:shared',
      'scope:gateway',
      'scope:ingest',
      'scope:sessions',
      'scope:analytics',
    ],
  },
];

/** `inTests`: the constraints for test files, which may also use the testkit. */
function depConstraints(inTests) {
  const testkit = inTests ? ['type:testkit'] : [];
  return [
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], allowedExternalImports: ['zod'] },
    { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
    {
      sourceTag: 'type:lib',
      onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', ...testkit],
    },
    // An RPC contract: a router's type and its inputs, shared by the server and its callers.
    // It must stay free of either side's code so that both may import it.
    // Results may be the pure domain's types (a score, a report): they hold no code of either side.
    {
      sourceTag: 'type:rpc',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', ...testkit],
    },
    // The gateway's public API: its router relays the internal RPCs' results to frontends.
    {
      sourceTag: 'type:api',
      onlyDependOnLibsWithTags: [
        'type:lib',
        'type:rpc',
        'type:domain',
        'type:contracts',
        ...testkit,
      ],
    },
    {
      sourceTag: 'type:testkit',
      onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:tool'],
    },
    {
      sourceTag: 'type:tool',
      onlyDependOnLibsWithTags: [
        'type:lib',
        'type:domain',
        'type:contracts',
        'type:tool',
        'type:testkit',
      ],
    },
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: [
        'type:api',
        'type:lib',
        'type:rpc',
        'type:domain',
        'type:contracts',
        ...testkit,
      ],
    },
    // What a frontend installs: the router's type (type-only, below) and the tRPC client.
    {
      sourceTag: 'type:client',
      onlyDependOnLibsWithTags: ['type:api', ...testkit],
      allowedExternalImports: ['@trpc/client', '@trpc/server', 'eventsource'],
    },
    // The web console: the gateway's client and the contracts' types, nothing of any server.
    {
      sourceTag: 'type:web',
      onlyDependOnLibsWithTags: ['type:client', 'type:contracts', ...testkit],
    },
    {
      sourceTag: 'type:e2e',
      onlyDependOnLibsWithTags: [
        'type:api',
        'type:lib',
        'type:rpc',
        'type:domain',
        'type:contracts',
        'type:tool',
        'type:testkit',
        'type:client',
      ],
    },
    ...scopeConstraints,
  ];
}

const boundaries = (inTests) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allowCircularSelfDependency: false,
    depConstraints: depConstraints(inTests),
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', 'tmp/**', '**/coverage', '**/migrations/**', '**/*.js'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // The client ships to browsers and phones: the server's code may only be seen as types.
    files: ['libs/api-client/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@sleep/gateway-api',
              allowTypeImports: true,
              message: 'Import the router as a type only.',
            },
            {
              name: '@trpc/server',
              allowTypeImports: true,
              message: 'Server code must not reach the client bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    // The console ships to browsers: contracts (zod) and the server's code only as types.
    files: ['apps/console/src/**/*.ts', 'apps/console/src/**/*.tsx'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@sleep/contracts',
              allowTypeImports: true,
              message: 'The console reads shapes from the API; import contracts as types only.',
            },
            {
              name: '@trpc/server',
              allowTypeImports: true,
              message: 'Server code must not reach the console bundle.',
            },
          ],
        },
      ],
    },
  },
];
