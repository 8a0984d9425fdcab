// Opens the app full-screen on the terminal (the alternate screen, so quitting gives the shell
// back as it was) and resolves when the user quits.
import { render } from 'ink';
import React from 'react';
import { App } from './App';
import type { Session } from './session';

export interface StartOptions {
  readonly initialStep?: number;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H';
const ALT_SCREEN_OFF = '\u001b[?1049l';

export async function startTui(session: Session, options: StartOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  stdout.write(ALT_SCREEN_ON);
  try {
    const app = render(<App session={session} initialStep={options.initialStep} />, { stdout, stdin: options.stdin ?? process.stdin, exitOnCtrlC: true, patchConsole: true });
    await app.waitUntilExit();
  } finally {
    stdout.write(ALT_SCREEN_OFF);
  }
}
