// Bundles src/cli.ts into one executable ESM file, dist/cli.js, that needs nothing from
// node_modules at run time.
//
// The wizard (Ink, React, Yoga: ~400 KB) is bundled on its own and embedded in dist/cli.js as a
// string, imported from a data: URL only when the run is interactive. A headless run then
// neither parses nor keeps that code: -4 MiB of peak RSS and a faster start (see bench/).
import { build } from 'esbuild';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = (name) => fileURLToPath(new URL(`./stubs/${name}.mjs`, import.meta.url));

/**
 * Builtins that dependencies import at the top but need only on some paths (https and tls for
 * https URLs, zlib for compressed answers). In an ESM bundle those imports are hoisted and
 * loaded at every start; this plugin turns them into a module that loads the builtin on first
 * use, through the banner's `require`.
 */
// The named imports dependencies make of them (all functions); default imports get a proxy.
const LAZY_BUILTINS = { https: [], tls: ['checkServerIdentity'], zlib: [] };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(https|tls|zlib)$/ }, (args) => {
      if (!args.importer.includes('node_modules')) return undefined;
      return { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => {
      const names = LAZY_BUILTINS[path];
      const lines = [
        `let m; const load = () => (m ??= require('node:${path}'));`,
        'export default new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });',
        ...names.map((n) => `export function ${n}(...a) { return load().${n}(...a); }`),
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * @sindresorhus/is (through got) builds two Intl.ListFormat objects at import, which loads ICU
 * data: +9 MiB of RSS at every start, for messages of failed assertions got never makes here.
 * They are built on first use instead. The build fails if the source stops matching.
 */
const lazyListFormat = {
  name: 'lazy-list-format',
  setup(b) {
    b.onLoad({ filter: /@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const eager = /const (andFormatter|orFormatter) = new Intl\.ListFormat\(([^;]*)\);/g;
      const patched = source.replace(eager, (_, name, args) =>
        `let ${name}$; const ${name} = { format: (v) => (${name}$ ??= new Intl.ListFormat(${args})).format(v) };`);
      if ((source.match(eager) ?? []).length !== 2) throw new Error('lazy-list-format: @sindresorhus/is changed; review the patch');
      return { contents: patched, loader: 'js' };
    });
  },
};


const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Modules referenced but never run in this program (see scripts/stubs/).
  alias: {
    'react-devtools-core': stub('react-devtools-core'),
    ws: stub('unused'),
    'http2-wrapper': stub('unused'),
    'cacheable-request': stub('cacheable-request'),
  },
  plugins: [lazyBuiltins, lazyListFormat],
  logLevel: 'warning',
};

// 1. The wizard, as text. A data: module has no file URL to make a `require` from, so it uses
//    the one dist/cli.js hands over (CommonJS dependencies require builtins through it).
const wizard = await build({
  ...common,
  entryPoints: [`${root}/src/ui/run-wizard.tsx`],
  write: false,
  outfile: 'wizard.js',
  banner: { js: 'const require = globalThis.__vrcRequire;' },
});
// Compressed: a third of the size on disk, and a headless run only scans a short string.
const wizardPacked = brotliCompressSync(wizard.outputFiles[0].contents, {
  params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
}).toString('base64');

/** src/cli.ts imports ./ui/run-wizard.js; in the bundle that import loads the embedded text. */
const embeddedWizard = {
  name: 'embedded-wizard',
  setup(b) {
    b.onResolve({ filter: /\/ui\/run-wizard\.js$/ }, () => ({ path: 'run-wizard', namespace: 'embedded-wizard' }));
    b.onLoad({ filter: /.*/, namespace: 'embedded-wizard' }, () => ({
      loader: 'js',
      contents: [
        `const packed = ${JSON.stringify(wizardPacked)};`,
        'export async function runWizard(options) {',
        '  globalThis.__vrcRequire = require;',
        "  const source = require('node:zlib').brotliDecompressSync(Buffer.from(packed, 'base64'));",
        "  const m = await import('data:text/javascript;base64,' + source.toString('base64'));",
        '  return m.runWizard(options);',
        '}',
      ].join('\n'),
    }));
  },
};

// 2. The command.
await mkdir(`${root}/dist`, { recursive: true });
await build({
  ...common,
  entryPoints: [`${root}/src/cli.ts`],
  outfile: `${root}/dist/cli.js`,
  plugins: [...common.plugins, embeddedWizard],
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __cr } from 'node:module';",
      'const require = __cr(import.meta.url);',
    ].join('\n'),
  },
});
await chmod(`${root}/dist/cli.js`, 0o755);
await writeFile(`${root}/dist/.stamp`, String(Date.now()));
