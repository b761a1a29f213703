import { constants as C } from 'node:fs';
import { access, lstat, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { defaultCodesFileName } from './format.js';
import { place } from '../text/redact.js';

/**
 * The user's home folder: $HOME when it is an absolute path, else (unset, empty or relative) the
 * account's home from the password database, so an empty HOME never writes `./Downloads/…`.
 */
export function userHome(env: NodeJS.ProcessEnv = process.env): string {
  const h = env.HOME;
  if (h !== undefined && h !== '' && isAbsolute(h)) return h;
  try {
    const fromDb = userInfo().homedir;
    if (fromDb && isAbsolute(fromDb)) return fromDb;
  } catch {
    // no entry for this uid
  }
  return homedir();
}

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
export async function makeFolders(dir: string): Promise<void> {
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

/** Free names for a codes file in a folder: the default name, then -2, -3, … (never overwriting). */
const MAX_FREE_NAMES = 99;

function nameNo(name: string, n: number): string {
  return n === 1 ? name : name.replace(/\.txt$/, `-${n}.txt`);
}

/**
 * Creates `target` exclusively (0600, never through a symlink), writes and fsyncs `content`; on a
 * failure nothing is left behind. Throws the system error as it came.
 */
async function writeNew(target: string, content: string): Promise<void> {
  const fh: FileHandle = await open(target, C.O_CREAT | C.O_EXCL | C.O_WRONLY | C.O_NOFOLLOW, 0o600);
  try {
    await fh.chmod(0o600); // against an unusual umask or ACL default
    await fh.writeFile(content, 'utf8');
    await fh.sync();
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw e;
  }
}

function openFailure(target: string, e: unknown): SaveError {
  const code = errCode(e);
  if (code === 'EEXIST')
    return new SaveError(target, 'a file with that name already exists; it was not overwritten', code);
  if (code === 'ELOOP') return new SaveError(target, 'it is a symbolic link; refusing to follow it', code);
  if (code === 'EISDIR') return new SaveError(target, 'it is a folder', code);
  return new SaveError(target, reasonOf(e), code);
}

/**
 * Writes `content` into `folder` under `name`, or the first free of `name-2`, `name-3`, … (each
 * created exclusively: a name taken meanwhile, or a symlink at it, moves on to the next).
 */
async function saveInFolder(folder: string, name: string, content: string): Promise<string> {
  let last: unknown = null;
  for (let n = 1; n <= MAX_FREE_NAMES; n++) {
    const target = join(folder, nameNo(name, n));
    try {
      await writeNew(target, content);
      return target;
    } catch (e) {
      const code = errCode(e);
      if (code !== 'EEXIST' && code !== 'ELOOP') throw openFailure(target, e);
      last = e;
    }
  }
  throw openFailure(join(folder, name), last);
}

/**
 * Replaces the regular file `target` atomically: a new file (0600) beside it, fsynced, then renamed
 * over it. The rename replaces the name itself: a symlink put there meanwhile is replaced, never followed.
 */
async function replaceFile(target: string, content: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeNew(temp, content);
  try {
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/**
 * Writes `content` to `target` readable only by the user (0600, synced): a new file (never through a
 * symlink, never over a file), or with `replace` a new file beside it renamed over it. Also used for
 * the API key file (key/ask-key.ts).
 */
export async function writePrivateFile(target: string, content: string, replace: boolean): Promise<void> {
  await (replace ? replaceFile(target, content) : writeNew(target, content));
}

export interface SaveOptions {
  now?: Date;
  home?: string;
  /** --replace: an existing regular file at the path is replaced atomically. @default false */
  replace?: boolean;
}

/** Where `path` leads: the absolute target and whether it names a folder (an existing one, or a trailing /). */
async function targetOf(path: string, home: string): Promise<{ target: string; folder: boolean }> {
  const wantsDir = path.endsWith('/') || path.endsWith(sep);
  const target = resolve(expandHome(path, home));
  let kind = await kindAt(target);
  if (kind === 'symlink' && (await isOwnFolder(target))) kind = 'dir';
  if (kind === 'symlink') throw new SaveError(target, 'it is a symbolic link; refusing to follow it', 'ELOOP');
  return { target, folder: kind === 'dir' || wantsDir };
}

/** The nearest folder of `p` that exists (`p` itself when it does). */
async function nearestExisting(p: string): Promise<string> {
  for (let d = p; ; d = dirname(d)) {
    try {
      await stat(d);
      return d;
    } catch (e) {
      if (errCode(e) !== 'ENOENT' || d === dirname(d)) return d;
    }
  }
}

/** Why no file can be made in `folder` (created when missing), or null when one can. */
async function folderProblem(folder: string): Promise<string | null> {
  const at = await nearestExisting(folder);
  try {
    const st = await stat(at);
    if (!st.isDirectory()) return `${at} is not a folder`;
    await access(at, C.W_OK | C.X_OK);
    return null;
  } catch (e) {
    return `${at === folder ? 'the folder' : `the folder ${at}`} cannot be written (${reasonOf(e)})`;
  }
}

/**
 * Checks, before anything changes, that `saveCodesFile(path, …, opts)` can write its file: the
 * name is usable, the file does not exist (unless `replace`), and its folder can be made and
 * written. Resolves to the problem, naming what to change, or null.
 */
export async function checkSavePath(path: string, opts: SaveOptions = {}): Promise<string | null> {
  if (path.trim() === '') return '--save was given an empty path: name a file, e.g. --save ~/vastai-codes.txt';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path))
    return '--save names a path with control characters: name another file';
  let t: { target: string; folder: boolean };
  try {
    t = await targetOf(path, opts.home ?? homedir());
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Could not save the codes to /, '') : String(e);
    return `${why}: name another file`;
  }
  if (t.folder) {
    const p = await folderProblem(t.target);
    return p === null ? null : `--save ${t.target}/: ${p}; name a folder you can write to`;
  }
  const kind = await kindAt(t.target).catch(() => 'other' as const);
  if (kind === 'other') {
    let regular = false;
    try {
      regular = (await lstat(t.target)).isFile();
    } catch {
      // gone meanwhile
    }
    if (!regular) return `--save ${t.target}: it is not a regular file; name another file`;
    if (!opts.replace)
      return `--save ${t.target}: the file already exists; name a new file, or add --replace to replace it`;
    return (await folderProblem(dirname(t.target))) === null
      ? null
      : `--save ${t.target}: its folder cannot be written; name another file`;
  }
  const p = await folderProblem(dirname(t.target));
  return p === null ? null : `--save ${t.target}: ${p}; name a file in a folder you can write to`;
}

/**
 * Writes `content` to a new file at `path` and returns its absolute path. Mode 0600, exclusive
 * create (an existing file is overwritten only with `replace`, atomically), missing parent folders
 * created (0700), a symlink at the path refused (even a dangling one) unless it leads to a folder
 * of the user's own, an existing folder (or a path ending in `/`) gets `defaultCodesFileName(now)`
 * inside it (or the first free -2, -3, …). The data is fsync'ed; on failure no partial file is
 * left and a SaveError is thrown.
 */
export async function saveCodesFile(path: string, content: string, opts: SaveOptions = {}): Promise<string> {
  const now = opts.now ?? new Date();
  if (path.trim() === '') throw new SaveError('(empty)', 'no file name was given');
  const { target, folder } = await targetOf(path, opts.home ?? homedir());
  const kind = folder ? 'dir' : await kindAt(target);
  if (kind === 'other' && !opts.replace)
    throw new SaveError(target, 'a file with that name already exists; it was not overwritten', 'EEXIST');
  try {
    await makeFolders(folder ? target : dirname(target));
  } catch (e) {
    throw new SaveError(target, `its folder could not be created (${reasonOf(e)})`, errCode(e));
  }
  if (folder) return saveInFolder(target, defaultCodesFileName(now), content);
  try {
    if (kind === 'other') {
      if (!(await lstat(target)).isFile()) throw new SaveError(target, 'it is not a regular file', 'EEXIST');
      await replaceFile(target, content);
    } else await writeNew(target, content);
  } catch (e) {
    if (e instanceof SaveError) throw e;
    throw openFailure(target, e);
  }
  return place(target);
}

/**
 * The default file, `vastai_backup_codes_<…>.txt`: in ~/Downloads, else the home folder, else the
 * current folder, under the first free name in each. Throws a SaveError naming every place tried
 * when none could take it.
 */
export async function saveDefaultFile(
  content: string,
  opts: { now?: Date; home: string; cwd?: string },
): Promise<string> {
  const name = defaultCodesFileName(opts.now ?? new Date());
  const folders = [join(opts.home, 'Downloads'), opts.home, opts.cwd ?? process.cwd()];
  const failures: string[] = [];
  for (const folder of [...new Set(folders)]) {
    try {
      if (folder === folders[0]) await makeFolders(folder);
      return await saveInFolder(folder, name, content);
    } catch (e) {
      failures.push(
        e instanceof SaveError ? e.message.replace(/^Could not save the codes to /, '') : `${folder}: ${reasonOf(e)}`,
      );
    }
  }
  throw new SaveError(folders[0]!, `no folder could take the file (${failures.join('; ')})`);
}
