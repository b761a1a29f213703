// Bundles the program into plain ESM files in dist/ that need nothing from node_modules at run
// time: dist/cli.js (the command) and dist/wizard.js (Ink, React, Yoga and the screens), which
// cli.js loads with import() only when the run is interactive. esbuild's code splitting puts
// what both use (the API errors, text helpers) in one shared chunk, so each module exists once
// and `instanceof` holds across files. The demo API is dist/demo.js, loaded by --demo and
// --demo-server only.
//
//   VRC_BUILD_OUT=/tmp/x npm run build               build somewhere else (to compare builds)
//   VRC_BUILD_OFF=yoga-without-fetch npm run build   leave out named dependency patches
import { build } from 'esbuild';
import { chmod, readdir, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyPatches } from './dependency-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = (name) => fileURLToPath(new URL(`./stubs/${name}.mjs`, import.meta.url));
/** Names of dependency patches to leave out (see dependency-patches.mjs). */
const off = new Set((process.env.VRC_BUILD_OFF ?? '').split(',').filter(Boolean));
const outdir = process.env.VRC_BUILD_OUT ?? `${root}/dist`;

/**
 * Ink imports its React devtools hook only when DEV=true; left out of the bundle, that import
 * fails as it would without react-devtools-core installed, and Ink says how to install it.
 */
const inkDevtoolsOutside = {
  name: 'ink-devtools-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      (/[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: './devtools.js', external: true } : undefined));
  },
};

const result = await build({
  entryPoints: { cli: `${root}/src/cli.ts`, wizard: `${root}/src/ui/run-wizard.tsx`, demo: `${root}/src/demo/index.ts` },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Modules referenced but never run in this program (see scripts/stubs/).
  alias: {
    'http2-wrapper': stub('unused'),
    'cacheable-request': stub('cacheable-request'),
    'cacheable-lookup': stub('cacheable-lookup'),
  },
  plugins: [inkDevtoolsOutside, dependencyPatches(off)],
  // CommonJS dependencies of the wizard (React) require() builtins; ESM has no `require`.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
// Chunks of earlier builds go (their names change with their content); the new files are
// already in place, so a test running dist/cli.js meanwhile never finds it missing.
const made = new Set(Object.keys(result.metafile.outputs).map((f) => basename(f)));
for (const f of await readdir(outdir)) if (f.endsWith('.js') && !made.has(f)) await rm(`${outdir}/${f}`);
await chmod(`${outdir}/cli.js`, 0o755); // src/cli.ts starts with the shebang, which esbuild keeps
await writeFile(`${outdir}/.stamp`, String(Date.now()));
