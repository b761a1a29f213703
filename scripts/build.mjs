// Bundles src/cli.ts into one executable ESM file, dist/cli.js, that needs nothing from
// node_modules at run time.
import { build } from 'esbuild';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = (name) => fileURLToPath(new URL(`./stubs/${name}.mjs`, import.meta.url));

await mkdir(`${root}/dist`, { recursive: true });
await build({
  entryPoints: [`${root}/src/cli.ts`],
  outfile: `${root}/dist/cli.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  splitting: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Modules referenced but never run in this program (see scripts/stubs/).
  alias: {
    'react-devtools-core': stub('react-devtools-core'),
    ws: stub('unused'),
    'http2-wrapper': stub('unused'),
    'cacheable-request': stub('cacheable-request'),
  },
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __cr } from 'node:module';",
      'const require = __cr(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
await chmod(`${root}/dist/cli.js`, 0o755);
await writeFile(`${root}/dist/.stamp`, String(Date.now()));
