// What a key asks the app to do. Keys map to these (keys.ts); the reducer (state.ts) does them.

export type PromptKind = 'step' | 'time' | 'filter' | 'search';

export type Command =
  | { readonly type: 'step'; readonly delta: number }
  | { readonly type: 'edge'; readonly to: 'first' | 'last' }
  | { readonly type: 'goto'; readonly step: number }
  | { readonly type: 'prompt'; readonly prompt: PromptKind }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'erase' }
  | { readonly type: 'submit' }
  | { readonly type: 'close' }
  | { readonly type: 'match'; readonly dir: 1 | -1 }
  | { readonly type: 'cycleNode' }
  | { readonly type: 'searchAgain'; readonly dir: 1 | -1 }
  | { readonly type: 'violation'; readonly which: 'first' | 'next' }
  | { readonly type: 'pane'; readonly delta: 1 | -1 }
  | { readonly type: 'paneAt'; readonly index: number }
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'open' }
  | { readonly type: 'toggleDurable' }
  | { readonly type: 'help' }
  | { readonly type: 'quit' };
