import { useEffect, useState } from 'react';
import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { formatCodesForTerminal } from '../../codes/format.js';
import { entryNameProblem } from '../../codes/pass.js';
import { saveRunning, type CodesState } from '../../flow/steps.js';
import { TextField } from '../components/TextField.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';

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

/** Step 7: the 10 new codes, shown this once, with save / pass / copy / done. */
export function CodesScreen({ codes: c, columns, defaultPath, onSave, pass = null, onCopy, onToggleKeep, onLeave }: CodesScreenProps) {
  const [editing, setEditing] = useState<'file' | 'pass' | null>(null);
  const [path, setPath] = useState(defaultPath);
  const [entry, setEntry] = useState('');
  const [entryProblem, setEntryProblem] = useState<string | null>(null);
  const [editNo, setEditNo] = useState(0);
  // An error under the path field holds until the next edit.
  const [edited, setEdited] = useState(false);
  const busy = saveRunning(c);
  const edit = (what: 'file' | 'pass') => {
    setEditNo((n) => n + 1);
    setEdited(false);
    setEditing(what);
  };
  // A save failed: the path comes back as typed, with the reason under it.
  useEffect(() => {
    if (c.saveError === null) return;
    setEditNo((n) => n + 1);
    setEdited(false);
    setEditing('file');
  }, [c.saveError]);
  // The entry name was taken: ask for another one, offering a free name.
  const passAvailable = pass !== null;
  useEffect(() => {
    if (c.passSuggestion === null || !passAvailable) return;
    setEntry(c.passSuggestion);
    setEntryProblem(null);
    setEditNo((n) => n + 1);
    setEditing('pass');
  }, [c.passSuggestion, passAvailable]);
  useKeys((input, key) => {
    if (key.ctrl || busy) return;
    if (input === 's' || input === 'S') {
      // Another copy: its folder, where the save picks a free name (…-2.txt), never the file just written.
      if (c.savedPath !== null) setPath(defaultPath.replace(/[^/]*$/, ''));
      edit('file');
    } else if ((input === 'p' || input === 'P') && pass !== null) {
      if (entry === '') setEntry(pass.defaultEntry);
      setEntryProblem(null);
      edit('pass');
    } else if (input === 'c' || input === 'C') onCopy();
    else if (input === 'k' || input === 'K') onToggleKeep();
    else if (input === 'q' || input === 'Q' || key.return || key.escape) onLeave();
  }, { isActive: editing === null });
  useKeys((_input, key) => {
    if (key.escape) setEditing(null);
  }, { isActive: editing !== null });
  const lines = formatCodesForTerminal(c.codes, new Date(c.generatedAt), columns);
  const hints = editing
    ? ['Enter save', 'Ctrl+U clear', 'Esc back']
    : ['s save', ...(pass ? ['p pass'] : []), 'c copy', `k ${c.keep ? 'clear' : 'keep'} after exit`, 'q/Enter done', 'Ctrl+C leave'];
  const stored = c.savedPath !== null || c.passEntry !== null || c.commandStored;
  const extra = editing !== null || busy || stored || c.saveError || c.passError || c.copied || c.keep;
  return (
    <Screen title="Your new backup codes" hints={hints}>
      <Shrink>{lines.map((l, i) => <Text key={i}>{l === '' ? ' ' : l}</Text>)}</Shrink>
      {(c.warnings ?? []).map((w, i) => <Keep key={`w${i}`}><Message tone="warn">{w}</Message></Keep>)}
      {extra ? <Keep marginTop={1}>
        {editing === 'file' ? (
          <>
            <Text>Save to (a new file, readable only by you):</Text>
            <TextField key={editNo} initialValue={path}
              onChange={(v) => {
                setPath(v);
                setEdited(true);
              }}
              onSubmit={(v) => {
                if (v.trim() === '') return;
                setEditing(null);
                onSave(v.trim());
              }} />
          </>
        ) : null}
        {editing === 'pass' ? (
          <>
            <Text>Store in pass as (a new entry, encrypted; read back to check):</Text>
            <TextField key={editNo} initialValue={entry} onChange={setEntry}
              onSubmit={(v) => {
                const problem = entryNameProblem(v);
                if (problem !== null) { setEntryProblem(`${problem[0]!.toUpperCase()}${problem.slice(1)}.`); return; }
                setEditing(null);
                pass?.onStore(v);
              }} />
            {entryProblem ? <Message tone="error">{entryProblem}</Message> : null}
          </>
        ) : null}
        {c.pendingSave !== null ? <Text>Saving to {c.pendingSave}…</Text> : null}
        {c.pendingPass !== null ? <Text>Storing in pass as {c.pendingPass} and reading it back…</Text> : null}
        {c.pendingCommand !== null ? <Text>Running --save-command…</Text> : null}
        {c.savedPath ? <Message tone="ok">Saved to {c.savedPath} (readable only by you).</Message> : null}
        {c.passEntry ? <Message tone="ok">Stored in pass as {c.passEntry}: read back and checked.</Message> : null}
        {c.commandStored ? <Message tone="ok">--save-command exited 0: counted as stored (what it did cannot be checked).</Message> : null}
        {c.saveError && !(editing === 'file' && edited) ? <Message tone="error">{c.saveError}</Message> : null}
        {c.passError ? <Message tone="error">{c.passError}</Message> : null}
        {c.copied ? (
          <Message tone="warn">Sent to the terminal clipboard (OSC 52). Not every terminal supports this, and a copy cannot be checked: it does not count as saved. Paste them somewhere safe, or save them with s.</Message>
        ) : null}
        {c.keep
          ? <Text>The codes will stay on screen after you leave.</Text>
          : stored ? <Text>When you leave, the codes are cleared from the screen (k keeps them).</Text> : null}
      </Keep> : null}
    </Screen>
  );
}
