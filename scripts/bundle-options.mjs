// The esbuild options every bundle of this program shares: dist/ (scripts/build.mjs) and the
// floor the benchmark measures against (bench/run.ts), so both are built the same way.
import { fileURLToPath } from 'node:url';
import { dependencyPatches } from './dependency-patches.mjs';

const stub = (name) => fileURLToPath(new URL(`./stubs/${name}.mjs`, import.meta.url));

/**
 * Ink imports its React devtools hook only when DEV=true; left out of the bundle, that import
 * fails as it would without react-devtools-core installed, and Ink says how to install it.
 */
const inkDevtoolsOutside = {
  name: 'ink-devtools-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: './devtools.js', external: true } : undefined,
    );
  },
};

/** `off`: names of dependency patches to leave out (see dependency-patches.mjs). */
export function bundleOptions(off = new Set()) {
  return {
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
      debug: stub('debug'),
      'proxy-agent-negotiate': stub('proxy-agent-negotiate'),
    },
    plugins: [inkDevtoolsOutside, dependencyPatches(off)],
    // CommonJS dependencies of the wizard (React) require() builtins; ESM has no `require`.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  };
}
