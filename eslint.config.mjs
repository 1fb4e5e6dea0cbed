import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: apps depend on libs only; libs never on apps; contracts on
 * nothing but zod; the domain math on contracts only. Scopes keep one app's code
 * out of another's.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', 'tmp/**', '**/coverage', '**/migrations/**', '**/*.js'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          depConstraints: [
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: [],
              allowedExternalImports: ['zod'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'type:lib',
              onlyDependOnLibsWithTags: [
                'type:lib',
                'type:domain',
                'type:contracts',
                'type:testkit',
                'type:tool',
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
              onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts'],
            },
            // What a frontend installs: the router's type (type-only, below) and the tRPC client.
            {
              sourceTag: 'type:client',
              onlyDependOnLibsWithTags: ['type:api'],
              allowedExternalImports: ['@trpc/client', '@trpc/server', 'eventsource'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:lib',
                'type:domain',
                'type:contracts',
                'type:tool',
                'type:testkit',
                'type:client',
              ],
            },
            {
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'],
            },
            {
              sourceTag: 'scope:ingest',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'],
            },
            {
              sourceTag: 'scope:sessions',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:sessions'],
            },
            {
              sourceTag: 'scope:analytics',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:analytics'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
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
];
