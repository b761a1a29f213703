// Bundles the program into plain ESM files in dist/ that need nothing from node_modules at run
// time: dist/cli.js (the command: a Node version check that loads dist/main.js, the program) and
// dist/wizard.js (Ink, React, Yoga and the screens), which main.js loads with import() only when
// the run is interactive. esbuild's code splitting puts what both use (the API errors, text
// helpers) in one shared chunk, so each module exists once and `instanceof` holds across files. The demo API is
// dist/demo.js, loaded by --demo and
// --demo-server only. The options every bundle shares are in bundle-options.mjs (the benchmark
// bundles its floor with them too).
//
//   VRC_BUILD_OUT=/tmp/b/x npm run build             build somewhere else (to compare builds; put a
//                                                    package.json with "type": "module" in /tmp/b)
//   VRC_BUILD_OFF=yoga-without-fetch npm run build   leave out named dependency patches
import { build } from 'esbuild';
import { chmod, readdir, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from './bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Names of dependency patches to leave out (see dependency-patches.mjs). */
const off = new Set((process.env.VRC_BUILD_OFF ?? '').split(',').filter(Boolean));
const outdir = process.env.VRC_BUILD_OUT ?? `${root}/dist`;

// dist/cli.js, the command: the Node version check alone (src/bin.ts), built for syntax any Node
// that loads an ES module knows, with no banner and no static import, so an old Node reaches it.
// Its import of the program is left for Node to follow, to dist/main.js.
const guard = await build({
  entryPoints: { cli: `${root}/src/bin.ts` },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'es2017',
  plugins: [
    {
      name: 'program-outside',
      setup(b) {
        b.onResolve({ filter: /^\.\/cli\.js$/ }, () => ({ path: './main.js', external: true }));
      },
    },
  ],
  metafile: true,
  logLevel: 'warning',
});
const result = await build({
  ...bundleOptions(off),
  entryPoints: {
    main: `${root}/src/cli.ts`,
    wizard: `${root}/src/ui/run-wizard.tsx`,
    demo: `${root}/src/demo/index.ts`,
  },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  metafile: true,
});
// Chunks of earlier builds go (their names change with their content); the new files are
// already in place, so a test running dist/cli.js meanwhile never finds it missing.
const made = new Set([guard, result].flatMap((r) => Object.keys(r.metafile.outputs).map((f) => basename(f))));
for (const f of await readdir(outdir)) if (f.endsWith('.js') && !made.has(f)) await rm(`${outdir}/${f}`);
await chmod(`${outdir}/cli.js`, 0o755); // src/bin.ts starts with the shebang, which esbuild keeps
await writeFile(`${outdir}/.stamp`, String(Date.now()));
