// Runs every test file under test/ with Node's own runner through tsx; extra arguments keep the
// files whose path contains one of them (`node scripts/test.mjs fault`, `... test/e2e/ test/api/`).
// Node 22+ expands globs given to `--test`, but a path substring such as `fault/headless` or
// `test/e2e/` is not a glob, so the list is built here (with the same glob) and then filtered.
import { globSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const files = globSync('test/**/*.test.{ts,tsx}', { cwd: root })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`No test file under test/ has a path containing ${filters.join(' or ')}.`);
  process.exit(1);
}
const env = { ...process.env };
delete env.CI; // Ink draws nothing until exit when CI is set; the pty tests need live frames.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
  env,
});
process.exit(r.status ?? 1);
