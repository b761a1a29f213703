/**
 * The built dist/cli.js storing the new codes in a real, throw-away `pass` store (its own GnuPG
 * home and key), both ways it runs: headless (`--demo --yes --save pass:NAME`, pipes) and the
 * wizard (a pty: `p` and the name field, and --save pass:NAME). Each entry is read back with
 * `pass show`; no code may reach a file outside the encrypted store, nor the arguments or
 * environment of pass. Failures: no store, an existing entry, gpg refusing.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TOTP_SECRET, totp } from '../../src/demo/totp.js';
import { codesIn, ensureBuild, runCli } from '../helpers/pipe-run.js';
import { filesContaining, HAVE_PASS, makePassStore, type PassStore } from '../helpers/pass-store.js';
import { spawnCli, type Term } from '../helpers/term.js';

const skip = HAVE_PASS ? false : 'pass and gpg are not installed (see .ci/run)';
let s: PassStore;
const running: Term[] = [];
before(() => {
  if (!HAVE_PASS) return;
  ensureBuild();
  s = makePassStore({ prefix: 'vrc-e2e-pass-' });
});
after(() => s?.cleanup());
afterEach(() => {
  for (const t of running.splice(0)) t.kill();
  rmSync(join(s?.home ?? '/nonexistent', 'Downloads'), { recursive: true, force: true });
});

/** A headless run against the embedded demo API (a fresh account each run, so a TOTP code works once). */
function headless(extra: string[], env: Record<string, string> = {}) {
  return runCli(['--demo', '-t', 'totp', '-c', totp(DEMO_TOTP_SECRET, Date.now()), '--yes', ...extra], {
    home: s.home,
    env: { ...s.env, ...env },
  });
}

/** The one file in ~/Downloads (the default file), or null. */
function defaultFile(): string | null {
  const dir = join(s.home, 'Downloads');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir);
  return files.length === 1 ? readFileSync(join(dir, files[0]!), 'utf8') : null;
}

describe('headless --save pass:NAME', { skip }, () => {
  it('stores the codes file as the entry, read back; no default file, no plaintext, codes only on stdin', async () => {
    const r = await headless(['--save', 'pass:vast.ai/backup-codes']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Stored in pass as vast\.ai\/backup-codes, read back and checked\./);
    const codes = codesIn(r.stdout);
    assert.equal(codes.length, 10);
    assert.equal(s.show('vast.ai/backup-codes'), r.stdout, 'the entry holds what the file holds');
    assert.equal(defaultFile(), null, 'a verified pass entry is a safe place: no plaintext default file');
    assert.deepEqual(filesContaining(s.home, codes), []);
    const log = readFileSync(s.log, 'utf8');
    assert.match(log, /insert\n--multiline\n--\nvast\.ai\/backup-codes\n/);
    assert.ok(!codes.some((c) => log.includes(c)), 'no code in the argv or environment of pass');
    assert.doesNotMatch(log, /pinentry-mode/, 'headless, gpg may ask for a passphrase as usual');
  });
  it('an existing entry: refused before any request (exit 2); --replace replaces it, read back', async () => {
    const before = s.show('vast.ai/backup-codes');
    const r = await headless(['--save', 'pass:vast.ai/backup-codes']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /an entry with that name already exists; name a new entry, or add --replace to replace it/);
    assert.equal(r.stdout, '');
    assert.equal(s.show('vast.ai/backup-codes'), before);
    assert.equal(existsSync(join(s.store, 'vast.ai', 'backup-codes-2.gpg')), false, 'no NAME-2');
    const again = await headless(['--save', 'pass:vast.ai/backup-codes', '--replace']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(s.show('vast.ai/backup-codes'), again.stdout);
  });
  it('no store: refused before any request, exit 2, naming pass init', async () => {
    const r = await headless(['--save', 'pass:x'], { PASSWORD_STORE_DIR: join(s.home, 'no-store') });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--save pass:x: there is no password store at \S*no-store \(set one up with `pass init/);
    assert.equal(r.stdout, '');
    assert.equal(defaultFile(), null);
  });
  it("gpg refusing (the store's key is not in this keyring): says gpg failed, exit 3, default file", async () => {
    const other = makePassStore({ prefix: 'vrc-e2e-pass-other-' });
    try {
      const r = await headless(['--save', 'pass:refused'], { PASSWORD_STORE_DIR: other.store });
      assert.equal(r.status, 3);
      assert.match(
        r.stderr,
        /Could not store the codes in pass as refused: `pass insert` failed \(gpg could not encrypt\)/,
      );
      assert.ok(defaultFile() !== null);
      assert.equal(existsSync(join(other.store, 'refused.gpg')), false);
    } finally {
      other.cleanup();
    }
  });
  it('--save-command: the codes file on its stdin; exit 0 counts as stored; a failure falls back', async () => {
    const out = join(s.home, 'managed.txt');
    const ok = await headless(['--save-command', `cat > '${out}'`]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(readFileSync(out, 'utf8'), ok.stdout);
    assert.match(ok.stderr, /Handed to --save-command: it exited 0/);
    assert.equal(defaultFile(), null);
    rmSync(out);
    const bad = await headless(['--save-command', 'echo "vault locked" >&2; exit 4']);
    assert.equal(bad.status, 3);
    assert.match(
      bad.stderr,
      /Could not store the codes with --save-command: the command failed \(it exited with status 4: vault locked\)/,
    );
    assert.ok(defaultFile() !== null);
  });
});

describe('wizard in a terminal', { skip }, () => {
  it('p, a name typed over the offered one, Enter: stored and read back; the done screen names it', async () => {
    const t = spawnCli({
      args: ['--demo', '-t', 'totp', '-c', totp(DEMO_TOTP_SECRET, Date.now()), '--yes'],
      home: s.home,
      env: s.env,
    });
    running.push(t);
    const screen = await t.waitFor('p pass', 20_000);
    const codes = [...screen.matchAll(/\b\d{1,2}\. ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/g)]
      .map((m) => m[1]!)
      .slice(-10);
    t.mark();
    t.write('p');
    await t.waitFor('> vast.ai/backup-codes');
    t.mark();
    t.write('\u0015typed/name');
    await t.waitFor('> typed/name');
    t.mark();
    t.write('\r');
    await t.waitFor('Stored in pass as typed/name: read back and checked', 30_000);
    t.mark();
    t.write('q');
    await t.waitFor(/Done: 10 new backup codes stored in pass as typed\/name \(read back and\s+checked\)/);
    assert.equal(await t.exited, 0);
    const entry = s.show('typed/name');
    assert.equal(codes.length, 10);
    for (const c of codes) assert.ok(entry?.includes(c), c);
  });
  it('--save pass:NAME stores the entry as soon as the codes are shown; the done screen names it', async () => {
    const t = spawnCli({
      args: ['--demo', '-t', 'totp', '-c', totp(DEMO_TOTP_SECRET, Date.now()), '--yes', '--save', 'pass:wizard/codes'],
      home: s.home,
      env: s.env,
    });
    running.push(t);
    const screen = await t.waitFor('Stored in pass as wizard/codes: read back and checked', 30_000);
    const codes = [...screen.matchAll(/\b\d{1,2}\. ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/g)]
      .map((m) => m[1]!)
      .slice(-10);
    assert.match(screen, /p pass/, 'pass is offered: it is installed and the store exists');
    t.mark();
    t.write('q');
    await t.waitFor(/Done: 10 new backup codes stored in pass as wizard\/codes \(read back and\s+checked\)/);
    assert.equal(await t.exited, 0);
    const entry = s.show('wizard/codes');
    assert.ok(entry !== null);
    assert.equal(codes.length, 10);
    for (const c of codes) assert.ok(entry.includes(c), c);
    assert.equal(defaultFile(), null);
    assert.deepEqual(filesContaining(s.home, codes), []);
  });
});
