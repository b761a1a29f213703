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

/** got loads node:http2 at start for its `http2` option, which this program never sets (see the stub). */
const gotWithoutHttp2 = {
  name: 'got-without-http2',
  setup(b) {
    b.onResolve({ filter: /^(node:http2|\.\/utils\/http2-client\.js)$/ }, (args) =>
      /[\\/]node_modules[\\/]got[\\/]/.test(args.importer) ? { path: stub('got-http2') } : undefined,
    );
  },
};

/** `off`: names of dependency patches to leave out (see dependency-patches.mjs). */
export function bundleOptions(off = new Set()) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Modules referenced but never run in this program (see scripts/stubs/).
    alias: {
      'cacheable-request': stub('cacheable-request'),
      debug: stub('debug'),
      'proxy-agent-negotiate': stub('proxy-agent-negotiate'),
    },
    plugins: [inkDevtoolsOutside, gotWithoutHttp2, dependencyPatches(off)],
    // CommonJS dependencies of the wizard (React) require() builtins; ESM has no `require`.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  };
}
