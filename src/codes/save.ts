import { constants as C } from 'node:fs';
import { lstat, mkdir, open, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { defaultCodesFileName } from './format.js';
import { place } from '../text/redact.js';

/** Saving the codes failed; `message` is safe to show (it names the path and the reason, never the codes). */
export class SaveError extends Error {
  /** The path that was attempted (absolute). */
  readonly path: string;
  /** The system error code (EEXIST, ENOSPC, …) when there was one. */
  readonly code: string | null;
  constructor(path: string, reason: string, code: string | null = null) {
    super(`Could not save the codes to ${place(path)}: ${reason}`);
    this.name = 'SaveError';
    this.path = path;
    this.code = code;
  }
}

/** `~` or `~/x` at the start → the home folder. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith(`~${sep}`)) return join(home, path.slice(2));
  return path;
}

function errCode(e: unknown): string | null {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : null;
}

function reasonOf(e: unknown): string {
  switch (errCode(e)) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EIO':
      return 'an input/output error occurred';
    default:
      return e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e);
  }
}

/**
 * `mkdir -p` with one attempt per missing folder (0700). Node's own recursive mkdir retries
 * forever where creating a folder keeps failing with ENOENT (a home under /proc, say), and new
 * codes in hand must reach their fallback instead of waiting on it.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    try {
      await stat(d);
      break;
    } catch (e) {
      if (errCode(e) !== 'ENOENT') throw e;
      missing.unshift(d);
    }
  }
  for (const d of missing) {
    try {
      await mkdir(d, { mode: 0o700 });
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw e;
    }
  }
}

/** What is at `p`: 'none', 'dir', 'symlink' or 'other' (an existing file, fifo, …). */
async function kindAt(p: string): Promise<'none' | 'dir' | 'symlink' | 'other'> {
  try {
    const st = await lstat(p);
    if (st.isSymbolicLink()) return 'symlink';
    if (st.isDirectory()) return 'dir';
    return 'other';
  } catch (e) {
    if (errCode(e) === 'ENOENT') return 'none';
    throw new SaveError(p, reasonOf(e), errCode(e));
  }
}

/**
 * A symlink to a folder of the user's own (a symlinked ~/Downloads is common) is used as that
 * folder; the file inside it is still created without following any link.
 */
async function isOwnFolder(p: string): Promise<boolean> {
  try {
    const st = await stat(p);
    return st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid());
  } catch {
    return false;
  }
}

/**
 * Writes `content` to a new file at `path` and returns its absolute path. Mode 0600, exclusive
 * create (an existing file is never overwritten), missing parent folders created (0700), a symlink
 * at the path refused (even a dangling one) unless it leads to a folder of the user's own, an
 * existing folder (or a path ending in `/`) gets
 * `defaultCodesFileName(now)` inside it. The data is fsync'ed; on failure no partial file is left
 * and a SaveError is thrown.
 */
export async function saveCodesFile(
  path: string,
  content: string,
  opts: { now?: Date; home?: string } = {},
): Promise<string> {
  const now = opts.now ?? new Date();
  if (path.trim() === '') throw new SaveError('(empty)', 'no file name was given');
  const wantsDir = path.endsWith('/') || path.endsWith(sep);
  let target = resolve(expandHome(path, opts.home ?? homedir()));

  let kind = await kindAt(target);
  if (kind === 'symlink' && (await isOwnFolder(target))) kind = 'dir';
  if (kind === 'symlink') throw new SaveError(target, 'it is a symbolic link; refusing to follow it', 'ELOOP');
  if (kind === 'other')
    throw new SaveError(target, 'a file with that name already exists; it was not overwritten', 'EEXIST');
  if (kind === 'dir' || wantsDir) {
    // The default name holds the second; a second save within it gets -2, -3, … (never overwriting).
    const folder = target;
    const name = defaultCodesFileName(now);
    for (let n = 1; ; n++) {
      target = join(folder, n === 1 ? name : name.replace(/\.txt$/, `-${n}.txt`));
      const inner = await kindAt(target);
      if (inner === 'symlink') throw new SaveError(target, 'it is a symbolic link; refusing to follow it', 'ELOOP');
      if (inner === 'none') break;
      if (n === 9)
        throw new SaveError(target, 'a file with that name already exists; it was not overwritten', 'EEXIST');
    }
  }

  try {
    await makeFolders(dirname(target));
  } catch (e) {
    throw new SaveError(target, `its folder could not be created (${reasonOf(e)})`, errCode(e));
  }

  let fh: FileHandle;
  try {
    fh = await open(target, C.O_CREAT | C.O_EXCL | C.O_WRONLY | C.O_NOFOLLOW, 0o600);
  } catch (e) {
    const code = errCode(e);
    if (code === 'EEXIST')
      throw new SaveError(target, 'a file with that name already exists; it was not overwritten', code);
    if (code === 'ELOOP') throw new SaveError(target, 'it is a symbolic link; refusing to follow it', code);
    if (code === 'EISDIR') throw new SaveError(target, 'it is a folder', code);
    throw new SaveError(target, reasonOf(e), code);
  }
  try {
    await fh.chmod(0o600); // against an unusual umask or ACL default
    await fh.writeFile(content, 'utf8');
    await fh.sync();
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw new SaveError(target, reasonOf(e), errCode(e));
  }
  return place(target);
}
