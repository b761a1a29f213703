import type { ReactNode } from 'react';
import { usePaste } from 'ink';
import { ClockContext, realClock, type Clock } from './clock.js';
import { FitContext, type Fit } from './fit.js';
import { ThemeContext, type Theme } from './theme.js';

export interface WizardProvidersProps {
  theme: Theme;
  fit: Fit;
  /** @default realClock */
  clock?: Clock;
  children?: ReactNode;
}

/** Everything a screen reads from above it: theme, the room it has, the clock, and the paste guard. */
export function WizardProviders({ theme, fit, clock = realClock, children }: WizardProvidersProps) {
  return (
    <ThemeContext.Provider value={theme}>
      <FitContext.Provider value={fit}>
        <ClockContext.Provider value={clock}>
          <PasteGuard />
          {children}
        </ClockContext.Provider>
      </FitContext.Provider>
    </ThemeContext.Provider>
  );
}

/**
 * Bracketed paste for the whole wizard (Ink turns it on while a usePaste hook is active): a paste
 * is text for the field that has focus (ink-text-input, patched, takes it) and never keys, so its
 * newline is not Enter and its letters are not commands on a screen without a field.
 */
function PasteGuard() {
  usePaste(() => undefined);
  return null;
}
