/**
 * V8 flags src/cli.ts sets (v8.setFlagsFromString) just before it loads the wizard; a headless
 * run keeps the defaults. The wizard draws a few boxes per keystroke, and V8's optimising
 * compilers cost more memory than they save time there: TurboFan compiling React's hot paths
 * while the user types, and Yoga's WebAssembly compiled a second time in the background.
 * Measured with `npm run bench`: interactive peak RSS 76.2 → 66.4 MiB, no change in time.
 *
 * Node calls flags set after start-up unpredictable, and V8 answers an unknown flag by printing
 * an error on stdout and ignoring every flag after it: test/wizard-v8-flags.test.ts checks that
 * each one is still known to this Node and that setting them prints nothing.
 */
export const WIZARD_V8_FLAGS = '--no-turbofan --no-maglev --liftoff-only';
