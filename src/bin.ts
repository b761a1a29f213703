#!/usr/bin/env node
/**
 * The command (built as dist/cli.js): checks the Node version, then loads the program (src/cli.ts,
 * built as dist/main.js). An ES module's whole import graph is parsed, linked and its imports run
 * before its own first line: on a Node too old for the program, syntax it lacks or a missing
 * built-in export would fail there, with a stack trace, before any check could speak. So this
 * file imports nothing statically but compile-cache.ts, which the build bundles into it, and is
 * built for old syntax (scripts/build.mjs); it says in one line what is needed and exits 2, the
 * status of a usage error (docs/cli.md). On a supported Node it turns on the compile cache before
 * the program is parsed.
 */
import { enableCompileCache } from './compile-cache.js';

const MIN_NODE = 22;

const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE) {
  process.stderr.write(
    `vastai-regen-codes needs Node.js ${MIN_NODE} or newer (this is ${process.version}); ` +
      'for example: npx -p node@24 vastai-regen-codes\n',
  );
  process.exitCode = 2;
} else {
  enableCompileCache();
  void import('./cli.js');
}
