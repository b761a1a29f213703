// Shared data for the UI tests (the account's, test/helpers/fixtures.ts, for all tests).
import type { CodesState } from '../../src/flow/steps.js';

export { smsM, status, totpM } from '../helpers/fixtures.js';

export const CODES = Array.from({ length: 10 }, (_, i) => `K${String(i).padStart(3, '0')}-BBBB-CCCC`);
export const GENERATED = new Date(2025, 4, 6, 7, 8, 9).getTime();
export function codesState(patch: Partial<CodesState> = {}): CodesState {
  return {
    codes: CODES,
    generatedAt: GENERATED,
    savedPath: null,
    copied: false,
    pendingSave: null,
    saveError: null,
    keep: false,
    pendingPass: null,
    passEntry: null,
    passError: null,
    passSuggestion: null,
    pendingCommand: null,
    commandStored: false,
    ...patch,
  };
}
