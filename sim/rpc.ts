// A generic RPC proxy over the Transport port: `serveObject` serves an object's async methods
// from one node; `remoteObject<T>` gives another node a proxy whose every call is one request
// and one reply message, so a store or lease coordinator can live on a storage node and its
// calls can be delayed, lost, duplicated (the method then runs twice) or cut by a partition.
// Arguments and results cross as JSON: `undefined` inside arrays becomes null, trailing
// `undefined` arguments are dropped, class instances arrive as plain objects.
import type { Transport } from '../core/ports';
import { isRemoteError, type EncodedError } from './net/remoteError';
import type { NodeContext } from './node';

/** T with every method returning a promise (what a remote proxy of T provides). */
export type Remote<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export interface RpcCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface RemoteObjectOptions {
  /** Rebuilds a domain error from a remote one (e.g. ValidationError); null keeps the TransportError. */
  readonly decodeError?: (remote: EncodedError) => Error | null;
}

export const rpcChannel = (name: string): string => `rpc:${name}`;

/** Serves `obj`'s methods on the node as channel `rpc:<name>` until the incarnation dies. */
export function serveObject(ctx: NodeContext, name: string, obj: object): void {
  ctx.serve(rpcChannel(name), async (_from, _channel, payload) => {
    const { method, args } = payload as RpcCall;
    const fn = typeof method === 'string' && !(method in Object.prototype) ? (obj as Record<string, unknown>)[method] : undefined;
    if (typeof fn !== 'function') throw new RangeError(`rpc '${name}' has no method '${String(method)}'`);
    return (await (fn as (...a: unknown[]) => unknown).apply(obj, Array.isArray(args) ? args : [])) as unknown;
  });
}

/** A proxy for the object served as `name` on `target`; every method call is a request. */
export function remoteObject<T extends object>(transport: Transport, target: string, name: string, options: RemoteObjectOptions = {}): Remote<T> {
  const channel = rpcChannel(name);
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    let n = args.length;
    while (n > 0 && args[n - 1] === undefined) n--;
    try {
      return await transport.request(target, channel, { method, args: args.slice(0, n) });
    } catch (e) {
      const decoded = isRemoteError(e) && options.decodeError !== undefined ? options.decodeError(e.remote) : null;
      throw decoded ?? e;
    }
  };
  return new Proxy({} as Remote<T>, {
    get(_t, prop) {
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      let m = methods.get(prop);
      if (m === undefined) methods.set(prop, (m = (...args: unknown[]) => call(prop, args)));
      return m;
    },
  });
}
