/**
 * docs/cli.md and `--help` in step: every option the one names, the other names too, and the
 * parser knows each; both give the same exit statuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from '../src/args.js';
import { helpText } from '../src/help.js';

const doc = readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8');

/** `-c`, `--code` …: the option spellings at the start of `spec` ("-c, --code CODE"). */
function spellings(spec: string): string[] {
  return spec.split(/[ ,]+/).filter((w) => /^--?[a-zA-Z][a-zA-Z-]*$/.test(w));
}

/** Options of the help text: in its "Options …" paragraphs, the lines that start with a dash. */
function helpOptions(): Set<string> {
  const lines = helpText()
    .split('\n\n')
    .filter((p) => p.startsWith('Options'))
    .flatMap((p) => p.split('\n'))
    .filter((l) => /^ {2,4}-/.test(l));
  return new Set(lines.flatMap((l) => spellings(l.trim().split(/ {2,}/)[0]!)));
}

/** Options of docs/cli.md: the first cell of each table row under "## Command line". */
function docOptions(): Set<string> {
  const section = doc.slice(doc.indexOf('## Command line'), doc.indexOf('\n## ', doc.indexOf('## Command line') + 1));
  const cells = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
  return new Set(cells.flatMap(spellings));
}

test('docs/cli.md and --help name the same options', () => {
  const inHelp = helpOptions();
  const inDoc = docOptions();
  assert.ok(inHelp.size >= 20, `only ${inHelp.size} options found in --help`);
  assert.deepEqual([...inDoc].filter((o) => !inHelp.has(o)).sort(), [], 'in docs/cli.md, missing from --help');
  assert.deepEqual([...inHelp].filter((o) => !inDoc.has(o)).sort(), [], 'in --help, missing from docs/cli.md');
});

test('every documented option is one the parser knows', () => {
  for (const o of helpOptions()) {
    const r = parseArgs([o, 'x']);
    assert.ok(r.kind !== 'error' || !/^Unknown option/.test(r.message), `${o}: ${r.kind === 'error' ? r.message : ''}`);
  }
});

test('both give the same exit statuses', () => {
  const fromHelp = [
    ...helpText()
      .slice(helpText().indexOf('Exit status'))
      .matchAll(/^ {2}(\d+) /gm),
  ].map((m) => m[1]);
  const fromDoc = [...doc.slice(doc.indexOf('## Exit status')).matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]);
  assert.deepEqual(fromDoc, ['0', '1', '2', '3', '130']);
  assert.deepEqual(fromHelp, fromDoc);
});

test('README.md and docs/ link only to files in the repository', () => {
  for (const file of ['README.md', 'docs/cli.md']) {
    const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      assert.doesNotMatch(target!, /^[a-z]+:|^\/|(^|\/)\.\.\//, `${file} links outside the repository: ${target}`);
      const base = new URL(`../${file}`, import.meta.url);
      assert.ok(existsSync(new URL(target!.replace(/#.*/, ''), base)), `${file} links to a missing file: ${target}`);
    }
  }
});
