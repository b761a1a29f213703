/**
 * V8 flags src/cli.ts sets (v8.setFlagsFromString) just before it loads the wizard; a headless
 * run keeps the defaults. The wizard draws a few boxes per keystroke, and V8's optimising
 * compilers cost more memory than they save time there: TurboFan compiling React's hot paths
 * while the user types, and Yoga's WebAssembly compiled a second time in the background.
 * Measured on the supported lines (2026-12-02), Ink and React drawing one line (the bench's floor
 * bundle) without → with them: peak RSS 68.4 → 60.5 MiB on Node 24.21, 65.0 → 59.5 MiB on Node
 * 22.23; the wizard under `npm run bench` on Node 24, set at run time as here: 84.0 → 80.5 MiB.
 * No change in time that the bench can tell. Every supported line knows them (the test below).
 *
 * Node calls flags set after start-up unpredictable, and V8 answers an unknown flag by printing
 * an error on stdout and ignoring every flag after it: test/wizard-v8-flags.test.ts checks that
 * each one is still known to this Node and that setting them prints nothing.
 */
export const WIZARD_V8_FLAGS = '--no-turbofan --no-maglev --liftoff-only';
