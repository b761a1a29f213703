/**
 * Whether the only trouble with the places the command line names is one --replace would fix: the
 * wizard then asks before anything changes (replace it, or go on without it), where the headless
 * run ends with exit 2 naming --replace.
 */
import { checkAll, type Place } from './places.js';

/** What the wizard asks about: the place as --save named it. */
export interface TakenPlace {
  place: string;
  kind: 'file' | 'pass';
}

/** The taken --save place when `problems` (checkAll(places)) are all that --replace lifts, else null. */
export async function takenPlace(places: readonly Place[], problems: readonly string[]): Promise<TakenPlace | null> {
  if (problems.length === 0) return null;
  const save = places.find((p) => p.kind === 'file' || p.kind === 'pass');
  if (save === undefined || save.replace) return null;
  const withReplace = places.map((p) => (p === save ? { ...save, replace: true } : p));
  if ((await checkAll(withReplace)).length > 0) return null;
  return save.kind === 'file' ? { place: save.path, kind: 'file' } : { place: `pass:${save.entry}`, kind: 'pass' };
}
