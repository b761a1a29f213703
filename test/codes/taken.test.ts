import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAll, commandTarget, fileTarget } from '../../src/codes/places.js';
import { takenPlace } from '../../src/codes/taken.js';

test('takenPlace: only an existing --save file (what --replace lifts) is asked about in the wizard', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vrc-taken-'));
  try {
    const file = join(dir, 'codes.txt');
    writeFileSync(file, 'old\n');
    const asked = [fileTarget(file, dir)];
    const problems = await checkAll(asked);
    assert.equal(problems.length, 1);
    assert.deepEqual(await takenPlace(asked, problems), { place: file, kind: 'file' });
    // Another problem too (an empty --save-command): the run stops with exit 2 as before.
    const both = [fileTarget(file, dir), commandTarget(' ')];
    assert.equal(await takenPlace(both, await checkAll(both)), null);
    // Nothing wrong, or --replace given: nothing to ask.
    const fresh = [fileTarget(join(dir, 'new.txt'), dir)];
    assert.equal(await takenPlace(fresh, await checkAll(fresh)), null);
    assert.equal(await takenPlace([fileTarget(file, dir, true)], ['x']), null);
    // A folder that is a file's child cannot be fixed by --replace.
    const under = [fileTarget(join(file, 'x.txt'), dir)];
    assert.equal(await takenPlace(under, await checkAll(under)), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
