import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: apps depend on libs only; libs never on apps; contracts on
 * nothing but zod; the domain math on contracts only. Scopes keep one app's code
 * out of another's.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'tmp/**', '**/coverage', '**/migrations/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], allowedExternalImports: ['zod'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'type:lib',
              onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:testkit', 'type:tool'],
            },
            {
              sourceTag: 'type:testkit',
              onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:tool'],
            },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:tool', 'type:testkit'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts'] },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:tool', 'type:testkit'],
            },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
            { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'] },
            { sourceTag: 'scope:sessions', onlyDependOnLibsWithTags: ['scope:shared', 'scope:sessions'] },
            { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:shared', 'scope:analytics'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
