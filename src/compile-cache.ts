/**
 * Node's module compile cache (`module.enableCompileCache`), turned on by dist/cli.js before it
 * loads the program: V8 keeps the code it compiled from dist/ on disk, and later runs load it
 * instead of parsing main.js (154 KB) and wizard.js (438 KB) again. Measured on Node 24.21
 * (2026-12-02, paired runs, NODE_EXTRA_CA_CERTS unset): `--version` 63 → 57 ms and the wizard's
 * spawn → method list 166 → 152 ms with the cache, 1–4 ms more on the one run that writes it.
 *
 * The directory is the user's own cache directory, not Node's default under the shared temp
 * directory: there another local user can create the directory first and put compiled code of
 * their own in it, which this program (holding an API key and backup codes) would then run. Node
 * adds a subdirectory per Node version, V8 flags and user id; files are written 0600.
 * NODE_COMPILE_CACHE, when set, is Node's own choice and wins (Node has enabled it at start);
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off. A directory that cannot be made leaves the cache
 * off, silently: it is only ever a saving (Node's enableCompileCache never throws).
 *
 * The directory is made here, one level at a time, before Node is given it: Node's recursive mkdir
 * (which enableCompileCache uses, as does fs.mkdirSync with `recursive`) never returns when mkdir
 * answers ENOENT under a parent that exists, as it does under /proc (HOME=/proc hung the program
 * at full CPU on Node 24.21). Nor is a missing home made: at most the cache root and its own level.
 *
 * Built into dist/cli.js with its old-syntax target, so it imports nothing statically (bin.ts).
 */
interface Place {
  platform: string;
  env: Record<string, string | undefined>;
  home: string;
}

const NAME = 'vastai-regen-codes';

/** The per-user cache directory for this program, or null when there is no home to put it in. */
export function compileCacheDir({ platform, env, home }: Place): string | null {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return local ? `${local}\\${NAME}\\Cache` : null;
  }
  if (!home.startsWith('/')) return null;
  if (platform === 'darwin') return `${home}/Library/Caches/${NAME}`;
  // XDG Base Directory: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env.XDG_CACHE_HOME;
  return `${xdg && xdg.startsWith('/') ? xdg : `${home}/.cache`}/${NAME}`;
}

/**
 * Makes `dir` and its missing parents, one level at a time (0700), at most `levels` of them (the
 * cache's own and the cache root's: a home that is not there is not made); false when it cannot be
 * had: a file in the way, a folder further up missing, a stat or mkdir that fails.
 */
export function madeDir(dir: string, levels: number): boolean {
  const fs = process.getBuiltinModule('node:fs');
  const { dirname } = process.getBuiltinModule('node:path');
  const missing: string[] = [];
  try {
    for (let d = dir; ; d = dirname(d)) {
      const st = fs.statSync(d, { throwIfNoEntry: false });
      if (st?.isDirectory()) break;
      if (st !== undefined || missing.length === levels) return false;
      missing.unshift(d);
    }
    for (const d of missing) fs.mkdirSync(d, 0o700);
  } catch {
    return false;
  }
  return true;
}

/** Turns the compile cache on for the rest of this run, where this Node can (22.3 and later). */
export function enableCompileCache(): void {
  // Node 22.0 to 22.2 have no getBuiltinModule (and no import may load node:module here: bin.ts).
  const get = process.getBuiltinModule as typeof process.getBuiltinModule | undefined;
  if (!get) return;
  // Node's own variables: it has enabled the cache at start in NODE_COMPILE_CACHE, or keeps it off.
  if (process.env.NODE_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  let home = '';
  try {
    home = get('node:os').homedir();
  } catch {
    return; // no home directory for this user: no cache, nothing else changes
  }
  const dir = compileCacheDir({ platform: process.platform, env: process.env, home });
  if (dir !== null && madeDir(dir, 2)) get('node:module').enableCompileCache(dir);
}
