import { Text, useInput } from 'ink';
import { Menu } from '../components/Menu.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';

export interface PlaceTakenScreenProps {
  /** The place as --save named it (a path, or `pass:NAME`). */
  place: string;
  kind: 'file' | 'pass';
  /** "Replace it": as --replace would (atomically, never through a symlink). */
  onReplace: () => void;
  /** "Go on without it": the codes screen offers where to save. */
  onSkip: () => void;
  /** Esc or "Quit": nothing has changed. */
  onCancel: () => void;
}

export const PLACE_TAKEN_TITLE = 'Replace what --save names?';
export const PLACE_TAKEN_HINTS = ['↑/↓ move', 'Enter choose', 'Esc/Ctrl+C quit'];

/** The question and its choices, also counted by ui/size.ts for the smallest terminal. */
export function placeTakenTexts(place: string, kind: 'file' | 'pass') {
  const noun = kind === 'pass' ? 'pass entry' : 'file';
  return {
    question: `--save ${place}: that ${noun} already exists.`,
    items: [
      { label: `Go on without it (the ${noun} stays as it is)` },
      { label: `Replace ${place} with the new codes` },
      { label: 'Quit (nothing changes)' },
    ],
  };
}

/** Asked before anything changes when --save names an existing file or pass entry (without --replace). */
export function PlaceTakenScreen({ place, kind, onReplace, onSkip, onCancel }: PlaceTakenScreenProps) {
  useInput((_input, key) => {
    if (key.escape) onCancel();
  });
  const t = placeTakenTexts(place, kind);
  return (
    <Screen title={PLACE_TAKEN_TITLE} hints={PLACE_TAKEN_HINTS}>
      <Keep>
        <Message tone="warn" bold>
          {t.question}
        </Message>
      </Keep>
      <Shrink>
        <Text>
          Nothing has changed yet. Replace it with the new codes (as --replace would: atomically, never through a
          symlink), or go on without it and choose where to save on the codes screen.
        </Text>
      </Shrink>
      <Keep marginTop={1}>
        <Menu
          numbered={false}
          items={t.items}
          onPick={(i) => (i === 0 ? onSkip() : i === 1 ? onReplace() : onCancel())}
        />
      </Keep>
    </Screen>
  );
}
