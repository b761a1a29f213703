// Shared data for the UI tests.
import { commandTarget, fileTarget, passTarget } from '../../src/codes/places.js';
import type { CodesState, PlaceState } from '../../src/flow/steps.js';

export { smsM, status, totpM } from '../helpers/fixtures.js';

export const CODES = Array.from({ length: 10 }, (_, i) => `K${String(i).padStart(3, '0')}-BBBB-CCCC`);
export const GENERATED = new Date(2025, 4, 6, 7, 8, 9).getTime();
/** The codes screen's places as the tests name them: a file saved or failing, a pass entry, a command. */
export interface PlacesPatch {
  savedPath?: string | null;
  pendingSave?: string | null;
  saveError?: string | null;
  passEntry?: string | null;
  pendingPass?: string | null;
  passError?: string | null;
  passSuggestion?: string | null;
  pendingCommand?: string | null;
  commandStored?: boolean;
}

/** The list of places for `p` (each named thing one entry, in a fixed order). */
export function placesOf(p: PlacesPatch, home = '/home/u'): PlaceState[] {
  const out: PlaceState[] = [];
  if (p.savedPath) out.push({ place: fileTarget(p.savedPath, home), state: 'stored', at: p.savedPath });
  if (p.passEntry) out.push({ place: passTarget(p.passEntry, home), state: 'stored', at: `pass:${p.passEntry}` });
  if (p.commandStored) out.push({ place: commandTarget('cmd'), state: 'stored', at: '--save-command' });
  if (p.saveError) out.push({ place: fileTarget('~/x.txt', home), state: 'failed', error: p.saveError });
  if (p.passError)
    out.push({
      place: passTarget('vast', home),
      state: 'failed',
      error: p.passError,
      suggestion: p.passSuggestion ?? null,
    });
  if (p.pendingSave) out.push({ place: fileTarget(p.pendingSave, home), state: 'pending' });
  if (p.pendingPass) out.push({ place: passTarget(p.pendingPass, home), state: 'pending' });
  if (p.pendingCommand) out.push({ place: commandTarget(p.pendingCommand), state: 'pending' });
  return out;
}

export function codesState(patch: Partial<CodesState> & PlacesPatch = {}): CodesState {
  const {
    savedPath,
    pendingSave,
    saveError,
    passEntry,
    pendingPass,
    passError,
    passSuggestion,
    pendingCommand,
    commandStored,
    ...rest
  } = patch;
  const places = placesOf({
    savedPath,
    pendingSave,
    saveError,
    passEntry,
    pendingPass,
    passError,
    passSuggestion,
    pendingCommand,
    commandStored,
  });
  return {
    codes: CODES,
    generatedAt: GENERATED,
    copied: false,
    keep: false,
    places,
    ...rest,
  };
}
