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
 * Builtins that the bundle imports at the top but needs only on some paths: https and tls for
 * https URLs, zlib for compressed answers, crypto for the demo API. In an ESM bundle those
 * imports are hoisted and loaded at every start (~5 ms for crypto alone); this plugin turns them
 * into a module that loads the builtin on first use, through the banner's `require`.
 */
// The named imports made of them (all functions); default imports get a proxy.
const LAZY_BUILTINS = {
  https: [],
  tls: ['checkServerIdentity'],
  zlib: [],
  crypto: ['createHmac', 'randomBytes', 'randomInt', 'randomUUID'],
};
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:[a-z_/]+$|^(fs|path|os|util|events|stream|http|net|dns|url|buffer|process|module)$/ }, (args) => {
      if (args.kind !== 'import-statement' || /^(node:)?(https|tls|zlib|crypto)$/.test(args.path)) return undefined;
      return { path: args.path.replace(/^node:/, ''), namespace: 'required-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'required-builtin' }, async ({ path }) => {
      const { createRequire } = await import('node:module');
      const real = createRequire(import.meta.url)(`node:${path}`);
      // Accessors are read once here too (dns.promises); process's are left alone (process.report …).
      const names = Object.keys(real).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default'
        && (path !== 'process' || 'value' in (Object.getOwnPropertyDescriptor(real, n) ?? {})));
      return {
        loader: 'js',
        contents: [`const m = require('node:${path}');`, 'export default m;',
          ...names.map((n) => `export const ${n} = m.${n};`)].join('\n'),
      };
    });
    b.onResolve({ filter: /^(node:)?(https|tls|zlib|crypto)$/ }, (args) => {
      // Only static imports are hoisted; require() and import() already load on use.
      if (args.kind !== 'import-statement') return undefined;
      return { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => {
      const lines = [
        `let m; const load = () => (m ??= require('node:${path}'));`,
        'export default new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });',
        ...LAZY_BUILTINS[path].map((n) => `export function ${n}(...a) { return load().${n}(...a); }`),
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * Source patches for work dependencies do at load that this program never needs. Each names the
 * exact text it replaces; the build fails if a dependency update changes that text.
 * - @sindresorhus/is (through got) builds two Intl.ListFormat at import, which loads ICU data:
 *   +9 MiB of RSS at every start, for messages of failed assertions got never makes here.
 * - yoga-layout (through Ink) loads its embedded wasm with fetch() of a data: URI whenever a
 *   global fetch exists (Node 18+), which loads undici: +25 ms and several MiB on the wizard's
 *   start. Its own base64 decoder, the path taken where fetch is missing, does the same job.
 * - got gives every request a crypto.randomUUID() id, used only for diagnostics_channel
 *   messages nobody subscribes to here; it loaded node:crypto (~3 ms) on the first request.
 *   A per-process counter makes ids just as unique for that purpose.
 */
const PATCHES = [
  {
    file: /@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/,
    find: /const (andFormatter|orFormatter) = new Intl\.ListFormat\(([^;]*)\);/g,
    replace: (_, name, args) => `let ${name}$; const ${name} = { format: (v) => (${name}$ ??= new Intl.ListFormat(${args})).format(v) };`,
    count: 2,
  },
  {
    file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: /function ya\(\)\{return w\|\|"function"!=typeof fetch\?/g,
    replace: () => 'function ya(){return true?',
    count: 1,
  },
  {
    file: /got[\\/]dist[\\/]source[\\/]core[\\/]diagnostics-channel\.js$/,
    find: /export function generateRequestId\(\) \{\n    return randomUUID\(\);\n\}/g,
    replace: () => 'let requestCount = 0;\nexport function generateRequestId() {\n    return `got-${process.pid}-${++requestCount}`;\n}',
    count: 1,
  },
];
const patchSources = {
  name: 'patch-sources',
  setup(b) {
    for (const p of PATCHES) {
      b.onLoad({ filter: p.file }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        const found = (source.match(p.find) ?? []).length;
        if (found !== p.count) throw new Error(`patch-sources: ${path} changed (${found} of ${p.count} matches); review the patch`);
        return { contents: source.replace(p.find, p.replace), loader: 'js' };
      });
    }
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
    'cacheable-lookup': stub('cacheable-lookup'),
  },
  plugins: [lazyBuiltins, patchSources],
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
