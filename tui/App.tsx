// The app: the only stateful component. Keys go through `keymap` to commands, commands through
// the pure `update` reducer; the screen is a pure function of the session and the state.
import { useApp, useInput, useStdout } from 'ink';
import React, { useEffect, useReducer, useState } from 'react';
import type { KeyInfo } from './keys';
import { layout } from './layout';
import { Screen } from './Screen';
import type { Session } from './session';
import { applyInput, initialState, type UiState } from './state';

interface KeyEvent {
  readonly input: string;
  readonly key: KeyInfo;
}

export interface AppProps {
  readonly session: Session;
  /** Step to open at. Default 0. */
  readonly initialStep?: number;
  /** Fixed size (tests); by default the terminal's, following resizes. */
  readonly columns?: number;
  readonly rows?: number;
  /** Called once when the user quits (after the app asks Ink to exit). */
  readonly onQuit?: () => void;
}

function useTerminalSize(fixedColumns?: number, fixedRows?: number): [number, number] {
  const { stdout } = useStdout();
  const read = (): [number, number] => [fixedColumns ?? (stdout.columns || 80), fixedRows ?? (stdout.rows || 24)];
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixedColumns !== undefined && fixedRows !== undefined) return undefined;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return size;
}

export function App({ session, initialStep = 0, columns, rows, onQuit }: AppProps) {
  const { exit } = useApp();
  const [ui, dispatch] = useReducer((s: UiState, e: KeyEvent) => applyInput(s, e.input, e.key, session), session, (x) => initialState(x, initialStep));
  const [cols, lines] = useTerminalSize(columns, rows);
  const tooSmall = layout(cols, lines).tooSmall;
  useInput((input, key) => {
    if (tooSmall) {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        exit();
        onQuit?.();
      }
      return;
    }
    dispatch({ input, key });
  });
  useEffect(() => {
    if (!ui.quit) return;
    exit();
    onQuit?.();
  }, [ui.quit, exit, onQuit]);
  return <Screen session={session} ui={ui} columns={cols} rows={lines} />;
}
