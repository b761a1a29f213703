// The esbuild options every bundle of this program shares: dist/ (scripts/build.mjs) and the
// floor the benchmark measures against (bench/run.ts), so both are built the same way.
import { builtinModules, createRequire } from 'node:module';
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

/**
 * A static import of a Node built-in becomes a require() of it. To import a built-in, Node builds
 * its ES facade, which reads every export once, and some exports load a whole subsystem when
 * read: node:http's WebSocket, CloseEvent and MessageEvent load undici (Node 22 and 24); node:util,
 * node:fs, node:process and node:buffer have lazy exports of their own. require() hands over the
 * same object and reads nothing. Each built-in becomes a small ES module of the bundle that reads,
 * once at load, only the exports the bundle uses (each read is marked pure, so esbuild drops the
 * unused ones): esbuild's own CommonJS interop would instead copy every property descriptor, which
 * loads those lazy exports too. import() of a built-in and require() from CommonJS dependencies are
 * left as they were. Measured without → with it (callgrind, Node 24.21, 2026-12-02): the got floor
 * of the bench 317 → 230 M instructions (`node -e 0`: 93 M); see the commit for the program's runs.
 */
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const identifier = /^[A-Za-z_$][\w$]*$/;
const require = createRequire(import.meta.url);
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/0-9]+$/ }, (args) => {
      if (!builtins.has(args.path)) return undefined;
      if (args.namespace === 'builtin') return { path: args.path, external: true };
      return args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      // The names this Node has (reading the names loads nothing; only reading a value can).
      const names = Object.getOwnPropertyNames(require(args.path)).filter((n) => identifier.test(n) && n !== 'default');
      const contents = [
        `const m = require(${JSON.stringify(args.path)});`,
        'const pick = (name) => m[name];',
        ...names.map((n, i) => `const _${i} = /* @__PURE__ */ pick(${JSON.stringify(n)});`),
        `export { m as default, ${names.map((n, i) => `_${i} as ${n}`).join(', ')} };`,
      ];
      return { contents: contents.join('\n'), loader: 'js' };
    });
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
    plugins: [inkDevtoolsOutside, gotWithoutHttp2, builtinsByRequire, dependencyPatches(off)],
    // CommonJS dependencies of the wizard (React) require() builtins; ESM has no `require`.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  };
}
