import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { helpText } from '../src/help.js';
import { VERSION } from '../src/version.js';

/** Each of `parts` occurs in `text`, each after the one before it. */
function assertInOrder(text: string, parts: string[]): void {
  const at = parts.map((p) => text.indexOf(p));
  parts.forEach((p, i) => assert.ok(at[i]! >= 0, `missing: ${p}`));
  for (let i = 1; i < parts.length; i++) assert.ok(at[i - 1]! < at[i]!, `${parts[i - 1]} comes before ${parts[i]}`);
}

test('VERSION equals package.json version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});

test('help lists usage, every option, the three documented examples, exit statuses and key order', () => {
  const h = helpText();
  assert.match(h, /^Usage: vastai-regen-codes \[CODE\] \[options\]$/m);
  for (const o of [
    '-c, --code',
    '-t, --method-type',
    '-s, --secret',
    '-bc, --backup-code',
    '-id, --method-id',
    '--url',
    '--retry',
    '--raw',
    '--explain',
    '--api-key',
    '-y, --yes',
    '--save',
    '--demo ',
    '--demo-server',
    '--port',
    '--host',
    '--no-color',
    '-h, --help',
    '-V, --version',
  ]) {
    assert.ok(h.includes(o), o);
  }
  assertInOrder(h, ['from vastai tfa regen-codes', 'Options of its own']);
  assert.ok(h.includes('vastai-regen-codes --code --method-type totp 123456'));
  assert.ok(h.includes('vastai-regen-codes -c 123456 -t sms --secret abc123def456'));
  assert.ok(h.includes('vastai-regen-codes --backup-code ABCD-EFGH-IJKL'));
  for (const s of ['0 ', '1 ', '2 ', '130']) assert.match(h, new RegExp(`^  ${s}`, 'm'));
  assertInOrder(h, ['$VAST_API_KEY', 'vast_tfa_key (', 'the file vast_api_key']);
  for (const l of h.split('\n')) assert.ok(l.length <= 100, l);
});

test('help shows --save pass:NAME and --save-command (unverifiable), with examples that parse', async () => {
  const h = helpText();
  for (const o of ['--save pass:NAME', '--save-command CMD', 'cannot be verified']) assert.ok(h.includes(o), o);
  const examples = [...h.matchAll(/--save-command '([^']*)'/g)].map((m) => m[1]!);
  assert.deepEqual(
    examples.map((e) => /^\s*(\S+)/.exec(e)![1]),
    ['op', 'jq', 'keepassxc-cli'],
  );
  assert.match(examples[1]!, /\bbw create item$/);
  const { spawnSync } = await import('node:child_process');
  for (const e of examples) assert.equal(spawnSync('/bin/sh', ['-n', '-c', e]).status, 0, e); // valid shell, as pasted
});

test('help says what TERM=dumb, a non-UTF-8 locale and INK_SCREEN_READER=true get', () => {
  assert.match(helpText(), /TERM=dumb[\s\S]*nothing is asked[\s\S]*LANG=C\) gets ASCII/);
  assert.match(helpText(), /INK_SCREEN_READER=true: the wizard in words/);
});
