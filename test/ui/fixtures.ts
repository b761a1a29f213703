// Shared data for the UI tests.
import type { TfaMethod, TfaStatus } from '../../src/api/types.js';
import type { CodesState } from '../../src/flow/steps.js';

export const totpM: TfaMethod = {
  id: 101,
  kind: 'totp',
  label: 'Authenticator app',
  phoneNumber: null,
  isPrimary: true,
  failCount: 0,
  lockedUntil: null,
  lastUsed: null,
};
export const smsM: TfaMethod = {
  id: 102,
  kind: 'sms',
  label: 'Work phone',
  phoneNumber: '******4821',
  isPrimary: false,
  failCount: 0,
  lockedUntil: null,
  lastUsed: null,
};
export const status: TfaStatus = {
  tfaEnabled: true,
  backupCodesRemaining: 3,
  newMethodAuthorized: false,
  methods: [totpM, smsM],
};
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
