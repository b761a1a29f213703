import type { ReactNode } from 'react';
import { ClockContext, realClock, type Clock } from './clock.js';
import { FitContext, type Fit } from './fit.js';
import { KeysProvider } from './hooks/use-keys.js';
import { ThemeContext, type Theme } from './theme.js';

export interface WizardProvidersProps {
  theme: Theme;
  fit: Fit;
  /** @default realClock */
  clock?: Clock;
  children?: ReactNode;
}

/** Everything a screen reads from above it: theme, the room it has, the clock, and the one key listener. */
export function WizardProviders({ theme, fit, clock = realClock, children }: WizardProvidersProps) {
  return (
    <ThemeContext.Provider value={theme}>
      <FitContext.Provider value={fit}>
        <ClockContext.Provider value={clock}>
          <KeysProvider>{children}</KeysProvider>
        </ClockContext.Provider>
      </FitContext.Provider>
    </ThemeContext.Provider>
  );
}
