/**
 * The V8 flags set at run time for the wizard (src/wizard-v8-flags.ts): V8 answers an unknown
 * flag by printing an error on stdout and ignoring the flags after it, so a Node release that
 * renames one would spoil the wizard's first frame and silently lose the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WIZARD_V8_FLAGS } from '../src/wizard-v8-flags.js';

/** Output of a Node process that sets `flags` the way src/cli.ts does. */
function setFlags(flags: string): string {
  const r = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flags)})`], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0);
  return r.stdout + r.stderr;
}

test('every wizard V8 flag is one this Node knows', () => {
  const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
  for (const flag of WIZARD_V8_FLAGS.split(' ')) {
    const name = flag.replace(/^--(no-)?/, '');
    assert.match(known, new RegExp(`^\\s+--${name} \\(`, 'm'), `${flag} is not listed by node --v8-options`);
  }
});

test('setting them prints nothing', () => {
  assert.equal(setFlags(WIZARD_V8_FLAGS), '');
});

test('an unknown flag does print (so the check above can fail)', () => {
  assert.match(setFlags('--no-such-v8-flag-here'), /unrecognized flag/);
});
