/** The demo account as the API client returns it: its two methods and its 2FA status, for every test that needs one. */
import type { TfaMethod, TfaStatus } from '../../src/api/types.js';

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
