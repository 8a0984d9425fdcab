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

/** A one-line JSON document laid out over several lines (JSONL and anything else stay as they are). */
export function prettyText(text: string): string {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body.includes('\n') || !/^[[{]/.test(body)) return text;
  try {
    return JSON.stringify(JSON.parse(body) as unknown, null, 2);
  } catch {
    return text;
  }
}

/** What the viewer lays out: the (pretty) lines, and whether the file is one JSON document (shown from the top) or a log (shown from the end). */
export function viewerText(f: FileRow, durable: boolean): { readonly text: string | null; readonly document: boolean } {
  const raw = fileText(f, durable);
  if (raw === null) return { text: null, document: false };
  const text = prettyText(raw);
  return { text, document: text !== raw };
}
