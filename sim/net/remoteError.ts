// How an error thrown by a remote handler crosses the wire: its name, message and own plain
// fields (e.g. `reason`, `code`, `path`). The caller gets a `TransportError('remote-error')` that
// carries the encoded error as `remote`, so an RPC layer can rebuild the domain error.
import { TransportError } from '../../core/ports';

export interface EncodedError {
  readonly name: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, string | number | boolean | null>>;
}

export function encodeError(e: unknown): EncodedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const fields: Record<string, string | number | boolean | null> = {};
  for (const key of Object.keys(e).sort()) {
    const v = (e as unknown as Record<string, unknown>)[key];
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[key] = v;
  }
  return Object.keys(fields).length > 0 ? { name: e.name, message: e.message, fields } : { name: e.name, message: e.message };
}

export type RemoteTransportError = TransportError & { readonly remote: EncodedError };

export function decodeRemoteError(from: string, channel: string, err: EncodedError): RemoteTransportError {
  const e = new TransportError(from, channel, 'remote-error', `${err.name}: ${err.message}`);
  return Object.assign(e, { remote: err });
}

export function isRemoteError(e: unknown): e is RemoteTransportError {
  return e instanceof TransportError && e.why === 'remote-error' && 'remote' in e;
}
