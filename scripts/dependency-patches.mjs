// Start-up work two dependencies do at load that this program never needs, taken out at build
// time (scripts/build.mjs). Each patch only puts one line at the top of one dependency module:
// a local binding that hides a global from that module alone. No text of the dependency is
// matched or rewritten, so a new release cannot break the build; it can only make a patch stop
// paying, which `npm run bench` shows. Gains measured with and without each patch
// (`VRC_BUILD_OFF=<name> VRC_BUILD_OUT=/tmp/b/x npm run build`, then
// `VRC_BENCH_CLI=/tmp/b/x/cli.js npm run bench`).
import { readFile } from 'node:fs/promises';

const PATCHES = [
  {
    // @sindresorhus/is (through got) makes two Intl.ListFormat at import, which loads ICU data,
    // for messages of failed assertions got never makes here. It gets one that is made on first
    // use. Measured without → with it (npm run bench, 21 rounds, Node 24.21, 2026-12-02): headless
    // peak RSS 68.0 → 62.1 MiB, instructions 524 → 413 M (callgrind; wall times on the loaded
    // machine too noisy to tell).
    name: 'is-lazy-list-format',
    file: /[\\/]node_modules[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/,
    prelude:
      'const Intl = Object.create(globalThis.Intl, { ListFormat: { value: class {' +
      ' #args; #real; constructor(...args) { this.#args = args; }' +
      ' format(list) { return (this.#real ??= new globalThis.Intl.ListFormat(...this.#args)).format(list); } } } });',
  },
  {
    // yoga-layout (through Ink) loads its embedded WebAssembly with fetch() of a data: URL
    // whenever a global fetch exists, and the first look at Node's fetch loads undici. Without a
    // fetch it decodes the same bytes itself. Measured without → with it on Node 24.21 (the
    // bench's floor bundle, Ink and React drawing one line, 2026-12-02): peak RSS 75.8 → 68.5 MiB,
    // instructions 766 → 505 M (callgrind).
    name: 'yoga-without-fetch',
    file: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    prelude: 'const fetch = undefined;',
  },
];

/** The esbuild plugin; `off` names patches to leave out (for measuring them). */
export function dependencyPatches(off = new Set()) {
  return {
    name: 'dependency-patches',
    setup(b) {
      for (const p of PATCHES.filter((x) => !off.has(x.name))) {
        b.onLoad({ filter: p.file }, async ({ path }) => ({
          loader: 'js',
          contents: `${p.prelude}\n${await readFile(path, 'utf8')}`,
        }));
      }
    },
  };
}
