// Serving an object over RPC, like `serveObject` (sim/rpc.ts, same channel and wire format so
// `remoteObject` proxies talk to it), but telling the harness who called what and how it ended:
// the store host's ledger needs the calling node of every accepted write.
import { rpcChannel, type NodeContext, type RpcCall } from '../../sim/index';

export interface ServedCall {
  readonly from: string;
  readonly method: string;
  readonly args: readonly unknown[];
  /** Null when the method returned normally. */
  readonly error: unknown;
  /** What the method returned (undefined after an error). */
  readonly result?: unknown;
}

export function serveObserved(ctx: NodeContext, name: string, obj: object, observe: (call: ServedCall) => void): void {
  ctx.serve(rpcChannel(name), async (from, _channel, payload) => {
    const { method, args } = payload as RpcCall;
    const fn = typeof method === 'string' && !(method in Object.prototype) ? (obj as Record<string, unknown>)[method] : undefined;
    if (typeof fn !== 'function') throw new RangeError(`rpc '${name}' has no method '${String(method)}'`);
    const list = Array.isArray(args) ? args : [];
    try {
      const result = (await (fn as (...a: unknown[]) => unknown).apply(obj, list)) as unknown;
      if (ctx.alive) observe({ from, method, args: list, error: null, result });
      return result;
    } catch (error) {
      if (ctx.alive) observe({ from, method, args: list, error });
      throw error;
    }
  });
}
