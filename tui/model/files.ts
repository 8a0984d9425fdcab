// Every node's files at a view, in one list (the Files pane's rows and the viewer's source).
import { diskFiles, type FileRow } from './disk';
import type { View } from './view';

export interface NodeFile {
  readonly node: string;
  readonly file: FileRow;
}

export function listFiles(view: View): NodeFile[] {
  return view.nodes.flatMap((n) => diskFiles(n.disk).map((file) => ({ node: n.id, file })));
}

/** The text the viewer shows: current or durable contents; null if that version does not exist. */
export function fileText(f: FileRow, durable: boolean): string | null {
  if (durable) return f.durableBytes === null ? null : f.durable ?? `(${f.durableBytes} bytes; the trace does not carry the text)`;
  if (f.current === null) return null;
  return f.current.data ?? `(${f.current.bytes} bytes; the trace does not carry the text)`;
}
