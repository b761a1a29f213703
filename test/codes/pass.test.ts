import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCodesFile } from '../../src/codes/format.js';
import {
  entryExists,
  entryNameProblem,
  findPass,
  freeEntryName,
  passReady,
  passStoreDir,
  PassError,
  storeInPass,
} from '../../src/codes/pass.js';
import { filesContaining, HAVE_PASS, makePassStore, type PassStore } from '../helpers/pass-store.js';

const CODES = ['QWER-TYUI-OP12', 'ASDF-GHJK-L345', 'ZXCV-BNM6-7890'];
const TEXT = formatCodesFile(CODES, new Date(2024, 0, 2, 3, 4, 5));
const skip = HAVE_PASS ? false : 'pass and gpg are not installed (see .ci/run)';

let s: PassStore;
before(() => {
  if (HAVE_PASS) s = makePassStore();
});
after(() => s?.cleanup());

function failure(kind: string, re?: RegExp) {
  return (e: unknown) =>
    e instanceof PassError &&
    e.failure === kind &&
    (re === undefined || re.test(e.message)) &&
    !CODES.some((c) => e.message.includes(c));
}

test('stores the codes file as one entry, read back exactly with pass show', { skip }, async () => {
  await storeInPass('vast.ai/backup-codes', TEXT, { env: s.env, home: s.home });
  assert.equal(s.show('vast.ai/backup-codes'), TEXT);
  assert.ok(existsSync(join(s.store, 'vast.ai', 'backup-codes.gpg')));
});

test(
  'no plaintext trace: codes only on stdin, in no argv, no environment, no file outside the encrypted entry',
  { skip },
  async () => {
    writeFileSync(s.log, '');
    await storeInPass('trace/check', TEXT, { env: s.env, home: s.home });
    const log = readFileSync(s.log, 'utf8');
    assert.match(log, /--- argv\ninsert\n--multiline\n--\ntrace\/check\n--- env/);
    assert.match(log, /--- argv\nshow\n--\ntrace\/check\n--- env/);
    for (const c of CODES) assert.ok(!log.includes(c), 'a code reached the argv or environment of pass');
    // Everything under HOME (the store, GnuPG home, TMPDIR) holds no code in plain text.
    assert.deepEqual(filesContaining(s.home, CODES), []);
  },
);

test('never overwrites: an existing entry is refused and left as it was', { skip }, async () => {
  await storeInPass('keep/me', TEXT, { env: s.env, home: s.home });
  await assert.rejects(
    storeInPass('keep/me', 'OTHER\n', { env: s.env, home: s.home }),
    failure('exists', /keep\/me.*already exists/),
  );
  assert.equal(s.show('keep/me'), TEXT);
  assert.equal(await freeEntryName('keep/me', s.store), 'keep/me-2');
  await storeInPass('keep/me-2', 'second\n', { env: s.env, home: s.home });
  assert.equal(await freeEntryName('keep/me', s.store), 'keep/me-3');
  assert.equal(await freeEntryName('free/name', s.store), 'free/name');
  assert.equal(await entryExists('keep/me-2', s.store), true);
});

test('no pass on PATH: says so, runs nothing', { skip }, async () => {
  const env = { ...s.env, PATH: join(s.home, 'nowhere') };
  assert.equal(await findPass(env), null);
  await assert.rejects(storeInPass('x', TEXT, { env, home: s.home }), failure('no_pass', /not installed/));
});

test('no store (pass init never run): says where it looked', { skip }, async () => {
  const env = { ...s.env, PASSWORD_STORE_DIR: join(s.home, 'no-store') };
  const ready = await passReady({ env, home: s.home });
  assert.ok('reason' in ready && ready.failure === 'no_store');
  await assert.rejects(storeInPass('x', TEXT, { env, home: s.home }), failure('no_store', /no-store.*pass init/));
  assert.equal(existsSync(join(s.home, 'no-store', 'x.gpg')), false);
});

test(
  "gpg refusing to encrypt (the store names a key not in the keyring): insert_failed with gpg's reason",
  { skip },
  async () => {
    const other = makePassStore({ prefix: 'vrc-pass-other-' });
    try {
      // The other store's key is unknown to this GnuPG home.
      const env = { ...s.env, PASSWORD_STORE_DIR: other.store };
      await assert.rejects(
        storeInPass('refused', TEXT, { env, home: s.home }),
        failure('insert_failed', /pass insert.*gpg/),
      );
      assert.equal(existsSync(join(other.store, 'refused.gpg')), false);
    } finally {
      other.cleanup();
    }
  },
);

test('a read-back that fails or differs is not a store', { skip }, async () => {
  // A `pass` whose show lies or fails, in front of the real one.
  const liar = join(s.home, 'liar');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(liar, { recursive: true });
  const script = (show: string) =>
    `#!/bin/sh\nif [ "$1" = show ]; then ${show}; fi\nexec '${join(s.bin, 'pass')}' "$@"\n`;
  writeFileSync(join(liar, 'pass'), script('echo "1. NOT-THE-CODES"; exit 0'));
  chmodSync(join(liar, 'pass'), 0o755);
  const env = { ...s.env, PATH: `${liar}:${s.env.PATH}` };
  await assert.rejects(storeInPass('lies/one', TEXT, { env, home: s.home }), failure('mismatch', /differs/));

  writeFileSync(join(liar, 'pass'), script('echo "gpg: decryption failed: No secret key" >&2; exit 2'));
  await assert.rejects(storeInPass('lies/two', TEXT, { env, home: s.home }), failure('show_failed', /No secret key$/));
  // In the wizard gpg may not prompt; the message says how to get past a locked key.
  await assert.rejects(
    storeInPass('lies/three', TEXT, { env, home: s.home, noPinentry: true }),
    failure(
      'show_failed',
      /No secret key\. gpg may not ask for your key's passphrase on this screen.*pass show lies\/three/,
    ),
  );
});

test("pass's own error output never carries a code into the message", { skip }, async () => {
  const noisy = join(s.home, 'noisy');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(noisy, { recursive: true });
  writeFileSync(join(noisy, 'pass'), '#!/bin/sh\ngrep QWER >&2\nexit 1\n');
  chmodSync(join(noisy, 'pass'), 0o755);
  await assert.rejects(
    storeInPass('noisy', TEXT, { env: { ...s.env, PATH: `${noisy}:${s.env.PATH}` }, home: s.home }),
    failure('insert_failed', /\[code\]/),
  );
});

test('entry names: the ones pass would misread are refused', () => {
  assert.equal(entryNameProblem('vast.ai/backup-codes'), null);
  assert.equal(entryNameProblem('-dash-first'), null); // passed after --
  for (const bad of ['', '  ', ' x', 'a//b', '../x', 'a/../b', '/abs', 'dir/', 'x.gpg', 'a\u001bb', 'x'.repeat(201)]) {
    assert.notEqual(entryNameProblem(bad), null, JSON.stringify(bad));
  }
});

test('the store is $PASSWORD_STORE_DIR, else ~/.password-store', () => {
  assert.equal(passStoreDir({ PASSWORD_STORE_DIR: '/s' }, '/h'), '/s');
  assert.equal(passStoreDir({ PASSWORD_STORE_DIR: '~/s' }, '/h'), '/h/s');
  assert.equal(passStoreDir({}, '/h'), '/h/.password-store');
  assert.equal(passStoreDir({ PASSWORD_STORE_DIR: '' }, '/h'), '/h/.password-store');
});
