// esbuild options shared by every app's `nx build`. esbuild strips TypeScript types but never
// emits decorator metadata, which Nest's dependency injection reads at runtime
// (`design:paramtypes`); so every workspace .ts file goes through SWC first, with the same
// decorator settings as the tests, and esbuild bundles SWC's output. SWC's inline source map
// is chained by esbuild, so stack traces point at the TypeScript lines.
const { existsSync } = require('node:fs');
const { readFile, writeFile } = require('node:fs/promises');
const { dirname, join } = require('node:path');
const { transform } = require('@swc/core');

/** @type {import('esbuild').Plugin} */
const swcDecoratorMetadata = {
  name: 'swc-decorator-metadata',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      const output = await transform(source, {
        filename: args.path,
        sourceMaps: 'inline',
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      return { contents: output.code, loader: 'js' };
    });
  },
};

// The workspace forces one fastify with an npm override. Nx's generated package.json drops
// overrides of packages that are also direct dependencies, and then `npm ci` rejects the pruned
// lockfile; `"$name"` (use the direct dependency's version) keeps the override valid.
// Nx writes the package.json before esbuild runs, so this runs when the bundle is done.
/** @type {import('esbuild').Plugin} */
const keepOverrides = {
  name: 'keep-npm-overrides',
  setup(build) {
    build.onEnd(async () => {
      const out = build.initialOptions.outdir ?? dirname(build.initialOptions.outfile ?? '.');
      const file = join(out, 'package.json');
      if (!existsSync(file)) return;
      const root = JSON.parse(await readFile(join(__dirname, '../../../package.json'), 'utf8'));
      const pkg = JSON.parse(await readFile(file, 'utf8'));
      const overrides = { ...pkg.overrides };
      for (const [name, spec] of Object.entries(root.overrides ?? {})) {
        overrides[name] = pkg.dependencies?.[name] ? `$${name}` : spec;
      }
      if (Object.keys(overrides).length === 0) return;
      await writeFile(file, `${JSON.stringify({ ...pkg, overrides }, null, 2)}\n`);
    });
  },
};

module.exports = {
  plugins: [swcDecoratorMetadata, keepOverrides],
  outExtension: { '.js': '.js' },
  keepNames: true,
  logOverride: { 'empty-import-meta': 'silent' },
};
