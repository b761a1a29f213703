/**
 * The demo, as dist/cli.js loads it: one module (bundled as dist/demo.js), imported only by
 * `--demo` and `--demo-server`, so other runs never load the server or node:crypto.
 */
export { startDemoServer } from './server.js';
export { serveDemoForeground } from './serve-foreground.js';
export { fetchInbox } from './inbox.js';
