// Start-up work two dependencies do at load that this program never needs, taken out at build
// time (scripts/build.mjs). Each patch only puts one line at the top of one dependency module:
// a local binding that hides a global from that module alone. No text of the dependency is
// matched or rewritten, so a new release cannot break the build; it can only make a patch stop
// paying, which `npm run bench` shows. Gains measured with `npm run bench` (21 paired rounds,
// each build with and without the patch: `VRC_BUILD_OFF=<name> npm run build`).
import { readFile } from 'node:fs/promises';

const PATCHES = [
  {
    // @sindresorhus/is (through got) makes two Intl.ListFormat at import, which loads ICU data,
    // for messages of failed assertions got never makes here. It gets one that is made on first
    // use. Measured without → with it (npm run bench, 21 paired rounds, 2026-11-28): headless peak
    // RSS 53.3 → 47.4 MiB (the ≤ 50 MiB target needs it), headless time 2.49× → 2.10× `node -e 0`.
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
    // fetch it decodes the same bytes itself. Measured without → with it (npm run bench, 21 paired
    // rounds, 2026-11-28): interactive peak RSS 68.2 → 64.3 MiB, spawn → method list 4.45× → 3.86×
    // `node -e 0`.
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
