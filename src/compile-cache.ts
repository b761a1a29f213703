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

/** Turns the compile cache on for the rest of this run, where this Node can (22.3 and later). */
export function enableCompileCache(): void {
  const get = process.getBuiltinModule as typeof process.getBuiltinModule | undefined;
  if (!get) return;
  const mod = get('node:module');
  if (typeof mod.enableCompileCache !== 'function') return;
  let home = '';
  try {
    home = get('node:os').homedir();
  } catch {
    return; // no home directory for this user: no cache, nothing else changes
  }
  const dir = compileCacheDir({ platform: process.platform, env: process.env, home });
  if (dir !== null) mod.enableCompileCache(dir);
}
