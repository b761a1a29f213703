import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Box, measureElement, Text, useInput, useIsScreenReaderEnabled, type DOMElement } from 'ink';
import { codesForTerminal } from '../../codes/format.js';
import { entryNameProblem } from '../../codes/pass.js';
import { saveRunning, type CodesState, type PlaceState } from '../../flow/steps.js';
import { TextField } from '../components/TextField.js';
import { Message } from '../components/Message.js';
import { Keep, Screen } from '../components/Screen.js';
import { FitContext, textLines, useFit } from '../fit.js';
import { spokenHints } from '../spoken.js';

const TITLE = 'Your new backup codes';

/** How the codes screen fits a height: what it drops, in order, before it windows the codes. */
interface CodesLayout {
  header: boolean;
  footer: boolean;
  compact: boolean;
  shortHints: boolean;
  /** Code rows shown at once (all of them unless the codes are windowed). */
  window: number;
}

/**
 * The fullest layout that fits `lines`: the footer goes first, then the header, the blank lines,
 * the long hints; if the codes still do not fit, they are shown a window at a time (one column,
 * with a "codes 1–5 of 10" line). Never fewer than one code.
 */
function fitCodes(
  lines: number,
  o: {
    columns: number;
    compact: boolean;
    header: number;
    rows: number;
    oneColumnRows: number;
    /** Rows the window line takes (it is cut to one, except in screen-reader mode). @default 1 */
    windowLines?: number;
    footer: number;
    extra: number;
    hints: string[];
    shortHints: string[];
  },
): CodesLayout {
  const cost = (l: CodesLayout, rows: number) => {
    const gap = l.compact ? 0 : 1;
    return (
      textLines(TITLE, o.columns) +
      gap +
      (l.header ? o.header + gap : 0) +
      rows +
      (l.footer ? gap + o.footer : 0) +
      (o.extra > 0 ? gap + o.extra : 0) +
      gap +
      textLines((l.shortHints ? o.shortHints : o.hints).join(' · '), o.columns)
    );
  };
  const tries: CodesLayout[] = [
    { header: true, footer: true, compact: o.compact, shortHints: false, window: o.rows },
    { header: true, footer: false, compact: o.compact, shortHints: false, window: o.rows },
    { header: false, footer: false, compact: o.compact, shortHints: false, window: o.rows },
    { header: false, footer: false, compact: true, shortHints: false, window: o.rows },
    { header: false, footer: false, compact: true, shortHints: true, window: o.rows },
  ];
  for (const t of tries) if (cost(t, o.rows) <= lines) return t;
  const last = tries[tries.length - 1]!;
  // The window line ("codes 1–5 of 10, ↓ for more") takes one row, or what it wraps to.
  return { ...last, window: Math.max(1, Math.min(o.oneColumnRows, lines - cost(last, 0) - (o.windowLines ?? 1))) };
}

export interface CodesScreenProps {
  codes: CodesState;
  /** Terminal width; the layout fits 60 columns and still reads at 40. */
  columns: number;
  /** Prefilled save path, e.g. ~/Downloads/vastai_backup_codes_<…>.txt. */
  defaultPath: string;
  /** `s` then Enter: save to this path (the app writes the file). */
  onSave: (path: string) => void;
  /** `p`: store in pass (offered when pass is on PATH and a store exists). @default null */
  pass?: { defaultEntry: string; onStore: (entry: string) => void } | null;
  /** `c`: copy through the terminal (OSC 52). */
  onCopy: () => void;
  /** `k`: keep the codes on screen after leaving. */
  onToggleKeep: () => void;
  /** `q`, Enter or Esc. */
  onLeave: () => void;
}

/** The last place in `list` that `is` picks, or undefined. */
function lastOf(list: PlaceState[], is: (p: PlaceState) => boolean): PlaceState | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (is(list[i]!)) return list[i];
  return undefined;
}

/** What the screen says about the places, read from the one list of the codes step. */
function placesView(c: CodesState) {
  const lastSave = lastOf(c.places, (p) => p.place.kind === 'file' || p.place.kind === 'command');
  const lastPass = lastOf(c.places, (p) => p.place.kind === 'pass');
  const savedFile = lastOf(
    c.places,
    (p) => p.state === 'stored' && (p.place.kind === 'file' || p.place.kind === 'default'),
  );
  const storedPass = lastOf(c.places, (p) => p.state === 'stored' && p.place.kind === 'pass');
  return {
    saveError: lastSave?.state === 'failed' ? lastSave.error : null,
    passError: lastPass?.state === 'failed' ? lastPass.error : null,
    passSuggestion: lastPass?.state === 'failed' ? (lastPass.suggestion ?? null) : null,
    savedPath: savedFile?.state === 'stored' ? savedFile.at : null,
    passEntry: storedPass?.place.kind === 'pass' ? storedPass.place.entry : null,
    commandStored: c.places.some((p) => p.state === 'stored' && p.place.kind === 'command'),
    pending: c.places.flatMap((p) => (p.state === 'pending' ? [p.place] : [])),
  };
}

/** `name` → `name-2`, `name-2` → `name-3`: the entry to offer after `name` was stored. */
function nextEntryName(name: string): string {
  const m = /^(.*)-(\d+)$/.exec(name);
  return m ? `${m[1]}-${Number(m[2]) + 1}` : `${name}-2`;
}

/** Step 7: the 10 new codes, shown this once, with save / pass / copy / done. */
export function CodesScreen({
  codes: c,
  columns,
  defaultPath,
  onSave,
  pass = null,
  onCopy,
  onToggleKeep,
  onLeave,
}: CodesScreenProps) {
  const [editing, setEditing] = useState<'file' | 'pass' | null>(null);
  const [path, setPath] = useState(defaultPath);
  const [entry, setEntry] = useState('');
  const [entryProblem, setEntryProblem] = useState<string | null>(null);
  const [editNo, setEditNo] = useState(0);
  // An error under the path field holds until the next edit.
  const [edited, setEdited] = useState(false);
  const busy = saveRunning(c);
  const v = placesView(c);
  const fit = useFit();
  // The first code shown when the codes are windowed (a short terminal).
  const [top, setTop] = useState(0);
  const maxTop = useRef(0);
  // Lines the messages and fields under the codes take (measured after each render: they wrap).
  const extraRef = useRef<DOMElement>(null);
  const [extraLines, setExtraLines] = useState(0);
  // Screen-reader mode: Ink writes every frame at once and uncut, so a frame drawn before what is
  // under the codes was measured could run past the terminal and leave codes in its scrollback. What
  // was measured is named by `drawn`; until it matches, the frame holds no codes.
  const screenReader = useIsScreenReaderEnabled();
  const drawn = screenReader
    ? JSON.stringify([editing, path, entry, entryProblem, edited, busy, v, c.copied, c.keep, c.warnings, columns])
    : '';
  // Nothing under the codes when the screen opens (no place, copy, keep or warning): 0 lines, known.
  const bare = c.places.length === 0 && !c.copied && !c.keep && !c.warnings?.length;
  const [measured, setMeasured] = useState<string | null>(() => (bare ? drawn : null));
  const settled = !screenReader || drawn === measured;
  // After every render: what is under the codes changes with many props; equal heights stop the chain.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  useLayoutEffect(() => {
    const h = extraRef.current ? measureElement(extraRef.current).height : 0;
    if (h !== extraLines) setExtraLines(h);
    if (drawn !== measured) setMeasured(drawn);
  });
  const edit = (what: 'file' | 'pass') => {
    setEditNo((n) => n + 1);
    setEdited(false);
    setEditing(what);
  };
  // A save failed: the path comes back as typed, with the reason under it.
  useEffect(() => {
    if (v.saveError === null) return;
    setEditNo((n) => n + 1);
    setEdited(false);
    setEditing('file');
  }, [v.saveError]);
  // The entry name was taken: ask for another one, offering a free name.
  const passAvailable = pass !== null;
  useEffect(() => {
    if (v.passSuggestion === null || !passAvailable) return;
    setEntry(v.passSuggestion);
    setEntryProblem(null);
    setEdited(false);
    setEditNo((n) => n + 1);
    setEditing('pass');
  }, [v.passSuggestion, passAvailable]);
  useInput(
    (input, key) => {
      if (key.ctrl || busy) return;
      if (input === 's' || input === 'S') {
        // Another copy: its folder, where the save picks a free name (…-2.txt), never the file just written.
        if (v.savedPath !== null) setPath(defaultPath.replace(/[^/]*$/, ''));
        edit('file');
      } else if ((input === 'p' || input === 'P') && pass !== null) {
        // Another copy: never the name just stored (sure to be refused), the next one after it.
        if (v.passEntry !== null && (entry === '' || entry === v.passEntry)) setEntry(nextEntryName(v.passEntry));
        else if (entry === '') setEntry(pass.defaultEntry);
        setEntryProblem(null);
        edit('pass');
      } else if (input === 'c' || input === 'C') onCopy();
      else if (input === 'k' || input === 'K') onToggleKeep();
      else if (input === 'q' || input === 'Q' || key.return || key.escape) onLeave();
      else if (key.downArrow) setTop((t) => Math.min(t + 1, maxTop.current));
      else if (key.upArrow) setTop((t) => Math.max(0, t - 1));
    },
    { isActive: editing === null },
  );
  useInput(
    (_input, key) => {
      if (key.escape) setEditing(null);
    },
    { isActive: editing !== null },
  );
  const hints = editing
    ? ['Enter save', 'Ctrl+U clear', 'Esc back']
    : [
        's save',
        ...(pass ? ['p pass'] : []),
        'c copy',
        `k ${c.keep ? 'clear' : 'keep'} after exit`,
        'q/Enter done',
        'Ctrl+C quit',
      ];
  const shortHints = editing
    ? ['Enter save', 'Esc back']
    : ['s save', ...(pass ? ['p pass'] : []), 'c copy', `k ${c.keep ? 'clear' : 'keep'}`, 'q done'];
  const stored = v.savedPath !== null || v.passEntry !== null || v.commandStored;
  const extra = editing !== null || busy || stored || v.saveError || v.passError || c.copied || c.keep;
  const at = new Date(c.generatedAt);
  // A screen reader reads the codes one per line, in order (two columns read 1, 6, 2, 7, …). Ink
  // writes that mode's frames without a height limit or blank lines, and cannot take back rows a frame
  // taller than the terminal scrolled away: it is fitted too, with no blank lines and its key sentence.
  const full = codesForTerminal(c.codes, at, columns, screenReader);
  const said = (h: string[]): string[] => (screenReader ? [spokenHints(h)] : h);
  const layout = fitCodes(fit.lines, {
    columns: columns,
    compact: fit.compact || screenReader,
    header: full.header.length,
    rows: full.rows.length,
    oneColumnRows: c.codes.length,
    // Not cut in screen-reader mode: its longest form, wrapped.
    windowLines: screenReader ? textLines('codes 10 to 10 of 10, Up or Down arrow for more', columns) : 1,
    footer: full.footer.length,
    // The text box's "textbox: " is not in the layout that was measured.
    extra: extraLines + (screenReader && editing !== null ? 1 : 0),
    hints: said(hints),
    shortHints: said(shortHints),
  });
  const windowed = layout.window < full.rows.length;
  // Windowed: one code a row, so "codes 1–5 of 10" names the rows shown.
  const rows = windowed ? codesForTerminal(c.codes, at, columns, true).rows : full.rows;
  maxTop.current = Math.max(0, rows.length - layout.window);
  const first = Math.min(top, maxTop.current);
  const shown = rows.slice(first, first + layout.window);
  const last = first + shown.length;
  const more = screenReader
    ? [...(first > 0 ? ['Up'] : []), ...(last < rows.length ? ['Down'] : [])].join(' or ') + ' arrow'
    : [...(first > 0 ? ['↑'] : []), ...(last < rows.length ? ['↓'] : [])].join('/');
  const span = `${first + 1}${screenReader ? ' to ' : '–'}${last}`;
  const gap = layout.compact ? 0 : 1;
  // Every line is one terminal row, never wrapped: a wrapped row in a box cut to height would be
  // drawn over its neighbour.
  const line = (l: string, key: string) => (
    <Text key={key} wrap="truncate-end">
      {l === '' ? ' ' : l}
    </Text>
  );
  return (
    <FitContext.Provider value={{ ...fit, compact: layout.compact }}>
      <Screen title={TITLE} hints={layout.shortHints ? shortHints : hints}>
        {layout.header && settled ? (
          <Box flexDirection="column" flexShrink={0} marginBottom={gap}>
            {full.header.map((l, i) => line(l, `h${i}`))}
          </Box>
        ) : null}
        <Box flexDirection="column" flexShrink={0}>
          {settled ? shown.map((l, i) => line(l, `c${first + i}`)) : null}
        </Box>
        {windowed && settled
          ? line(`codes ${span} of ${rows.length}${first > 0 || last < rows.length ? `, ${more} for more` : ''}`, 'win')
          : null}
        {layout.footer && settled ? (
          <Box flexDirection="column" flexShrink={0} marginTop={gap}>
            {full.footer.map((l, i) => line(l, `f${i}`))}
          </Box>
        ) : null}
        {extra && gap > 0 ? <Text> </Text> : null}
        <Box ref={extraRef} flexDirection="column" flexShrink={0}>
          {(c.warnings ?? []).map((w, i) => (
            <Keep key={`w${i}`}>
              <Message tone="warn">{w}</Message>
            </Keep>
          ))}
          {extra ? (
            <Keep>
              {editing === 'file' ? (
                <>
                  <Text>Save to (a new file, readable only by you):</Text>
                  <TextField
                    key={editNo}
                    initialValue={path}
                    onChange={(v) => {
                      setPath(v);
                      setEdited(true);
                    }}
                    onSubmit={(v) => {
                      if (v.trim() === '') return;
                      setEditing(null);
                      onSave(v.trim());
                    }}
                  />
                </>
              ) : null}
              {editing === 'pass' ? (
                <>
                  <Text>Store in pass as (a new entry, encrypted; read back to check):</Text>
                  <TextField
                    key={editNo}
                    initialValue={entry}
                    onChange={(v) => {
                      setEntry(v);
                      setEdited(true);
                    }}
                    onSubmit={(v) => {
                      const problem = entryNameProblem(v);
                      if (problem !== null) {
                        setEntryProblem(`${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
                        return;
                      }
                      setEditing(null);
                      pass?.onStore(v);
                    }}
                  />
                  {entryProblem ? <Message tone="error">{entryProblem}</Message> : null}
                </>
              ) : null}
              {v.pending.map((place, i) => (
                <Text key={`p${i}`}>
                  {place.kind === 'pass'
                    ? `Storing in pass as ${place.entry} and reading it back…`
                    : place.kind === 'command'
                      ? 'Running --save-command…'
                      : `Saving to ${place.kind === 'file' ? place.path : '~/Downloads'}…`}
                </Text>
              ))}
              {v.savedPath ? (
                <Message tone="ok">
                  {/* stdout redirected to a file keeps them, with the mode the shell gave it */}
                  Saved to {v.savedPath}
                  {v.savedPath.includes('standard output') ? '.' : ' (readable only by you).'}
                </Message>
              ) : null}
              {v.passEntry ? (
                <Message tone="ok">Stored in pass as {v.passEntry}: read back and checked.</Message>
              ) : null}
              {v.commandStored ? (
                <Message tone="ok">--save-command exited 0: counted as stored (what it did cannot be checked).</Message>
              ) : null}
              {v.saveError && !(editing === 'file' && edited) ? <Message tone="error">{v.saveError}</Message> : null}
              {v.passError && !(editing === 'pass' && edited) ? <Message tone="error">{v.passError}</Message> : null}
              {c.copied ? (
                <Message tone="warn">
                  Sent to the terminal clipboard (OSC 52). Not every terminal supports this, and a copy cannot be
                  checked: it does not count as saved.{stored ? '' : ' Paste them somewhere safe, or save them with s.'}
                </Message>
              ) : null}
              {c.keep ? (
                <Text>The codes will stay on screen after you leave.</Text>
              ) : stored ? (
                <Text>When you leave, the codes are cleared from the screen (k keeps them).</Text>
              ) : null}
            </Keep>
          ) : null}
        </Box>
      </Screen>
    </FitContext.Provider>
  );
}
