/**
 * patches/string-width+8.3.0.patch: string-width tests a cluster against V8's costly
 * `/^\p{RGI_Emoji}$/v` only when a cheap guard says it could be an emoji. The guard is read from
 * the installed package (so these tests fail when the patch is missing) and checked never to turn
 * away an RGI emoji: every code point, and every kind of RGI sequence. Widths stay those of the
 * unpatched package.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import stringWidth from 'string-width';

const source = readFileSync(fileURLToPath(import.meta.resolve('string-width')), 'utf8');
const rgi = new RegExp('^\\p{RGI_Emoji}$', 'v'); // a literal /v needs target es2024

/** The patch's guard, as installed. */
function installedGuard(): RegExp {
  const m = /const maybeEmojiRegex = \/(.+)\/u;/.exec(source);
  assert.ok(m, 'string-width has no maybeEmojiRegex: patches/string-width+8.3.0.patch is not applied');
  return new RegExp(m[1]!, 'u');
}

/** The strings among `candidates` that are RGI emoji but that the guard would turn away. */
function missed(guard: RegExp, candidates: Iterable<string>): { rgi: number; missed: string[] } {
  let n = 0;
  const out: string[] = [];
  for (const s of candidates) {
    if (!rgi.test(s)) continue;
    n++;
    if (!guard.test(s)) out.push([...s].map((c) => c.codePointAt(0)!.toString(16)).join(' '));
  }
  return { rgi: n, missed: out };
}

function* allCodePoints(): Generator<string> {
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
}

function* sequences(): Generator<string> {
  for (const k of '0123456789#*') yield `${k}\u{FE0F}\u{20E3}`; // keycaps
  // flags
  for (let a = 0x1f1e6; a <= 0x1f1ff; a++) for (let b = 0x1f1e6; b <= 0x1f1ff; b++) yield String.fromCodePoint(a, b);
  for (const base of allCodePoints()) {
    if (!/\p{Emoji_Modifier_Base}/u.test(base)) continue;
    for (let m = 0x1f3fb; m <= 0x1f3ff; m++) yield base + String.fromCodePoint(m); // skin tones
  }
  const tag = (s: string) => [...s].map((c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('');
  for (const region of ['gbeng', 'gbsct', 'gbwls']) yield `\u{1F3F4}${tag(region)}\u{E007F}`; // subdivision flags
  yield '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // family (ZWJ)
  yield '\u{1F3F3}\u{FE0F}\u200D\u{1F308}'; // rainbow flag (ZWJ)
  yield '\u{1F469}\u{1F3FD}\u200D\u{1F4BB}'; // technologist with a skin tone (ZWJ)
  yield '\u{1F441}\u{FE0F}\u200D\u{1F5E8}\u{FE0F}'; // eye in speech bubble (ZWJ)
}

describe('string-width patch', () => {
  it('the guard turns away no code point that is an RGI emoji on its own', () => {
    const r = missed(installedGuard(), allCodePoints());
    assert.ok(r.rgi > 1000, `only ${r.rgi} single-code-point RGI emoji found`);
    assert.deepEqual(r.missed, []);
  });

  it('the guard turns away no RGI sequence: keycaps, flags, skin tones, tag and ZWJ sequences', () => {
    const r = missed(installedGuard(), sequences());
    assert.ok(r.rgi > 900, `only ${r.rgi} RGI sequences found`);
    assert.deepEqual(r.missed, []);
  });

  it('widths are those of the unpatched package, emoji included', () => {
    const cases: [string, number][] = [
      ['───', 3], ['›', 1], ['↑↓ · …', 6], ['漢字', 4], ['한', 2], ['e\u0301', 1], ['\u001b[1mbold\u001b[22m', 4],
      ['😀', 2], ['👨‍👩‍👧', 2], ['🇩🇪', 2], ['#️⃣', 2], ['👍🏽', 2], ['🏴󠁧󠁢󠁳󠁣󠁴󠁿', 2],
      ['✔', 1], ['✔️', 2], ['⚠', 1], ['⚠️', 2],
    ];
    assert.deepEqual(cases.map(([s]) => [s, stringWidth(s)]), cases);
  });
});
