import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { formatCodesForTerminal } from '../../codes/format.js';
import type { CodesState } from '../../flow/steps.js';
import { TextField } from '../components/TextField.js';
import { Message } from '../components/Message.js';
import { Screen } from '../components/Screen.js';

export interface CodesScreenProps {
  codes: CodesState;
  /** Terminal width; the layout fits 60 columns and still reads at 40. */
  columns: number;
  /** Prefilled save path, e.g. ~/Downloads/vastai_backup_codes_<…>.txt. */
  defaultPath: string;
  /** `s` then Enter: save to this path (the app writes the file). */
  onSave: (path: string) => void;
  /** `c`: copy through the terminal (OSC 52). */
  onCopy: () => void;
  /** `k`: keep the codes on screen after leaving. */
  onToggleKeep: () => void;
  /** `q`, Enter or Esc. */
  onLeave: () => void;
}

/** Step 7: the 10 new codes, shown this once, with save / copy / done. */
export function CodesScreen({ codes: c, columns, defaultPath, onSave, onCopy, onToggleKeep, onLeave }: CodesScreenProps) {
  const [editing, setEditing] = useState(false);
  const [path, setPath] = useState(defaultPath);
  const [editNo, setEditNo] = useState(0);
  const busy = c.pendingSave !== null;
  useKeys((input, key) => {
    if (key.ctrl || busy) return;
    if (input === 's' || input === 'S') {
      // Another copy: its folder, where the save picks a free name (…-2.txt), never the file just written.
      if (c.savedPath !== null) setPath(defaultPath.replace(/[^/]*$/, ''));
      setEditNo((n) => n + 1);
      setEditing(true);
    } else if (input === 'c' || input === 'C') onCopy();
    else if (input === 'k' || input === 'K') onToggleKeep();
    else if (input === 'q' || input === 'Q' || key.return || key.escape) onLeave();
  }, { isActive: !editing });
  useKeys((_input, key) => {
    if (key.escape) setEditing(false);
  }, { isActive: editing });
  const lines = formatCodesForTerminal(c.codes, new Date(c.generatedAt), columns);
  const hints = editing
    ? ['Enter save', 'Ctrl+U clear', 'Esc back']
    : ['s save', 'c copy', `k ${c.keep ? 'clear' : 'keep'} after exit`, 'q/Enter done', 'Ctrl+C leave'];
  return (
    <Screen title="Your new backup codes" hints={hints}>
      {lines.map((l, i) => <Text key={i}>{l === '' ? ' ' : l}</Text>)}
      {editing || busy || c.savedPath || c.saveError || c.copied || c.keep ? <Box marginTop={1} flexDirection="column">
        {editing ? (
          <>
            <Text>Save to (a new file, readable only by you):</Text>
            <TextField key={editNo} initialValue={path} onChange={setPath}
              onSubmit={(v) => {
                if (v.trim() === '') return;
                setEditing(false);
                onSave(v.trim());
              }} />
          </>
        ) : null}
        {busy ? <Text>Saving to {c.pendingSave}…</Text> : null}
        {c.savedPath ? <Message tone="ok">Saved to {c.savedPath} (readable only by you).</Message> : null}
        {c.saveError ? <Message tone="error">{c.saveError}</Message> : null}
        {c.copied ? (
          <Message tone="ok">Sent to the terminal clipboard (OSC 52). Not every terminal supports this: paste them somewhere safe to check.</Message>
        ) : null}
        {c.keep
          ? <Text>The codes will stay on screen after you leave.</Text>
          : c.savedPath || c.copied ? <Text>When you leave, the codes are cleared from the screen (k keeps them).</Text> : null}
      </Box> : null}
    </Screen>
  );
}
