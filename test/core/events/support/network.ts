// A minimal in-process network for cross-node pulls: each node serves its own bus; a node in
// `down` is unreachable (the request rejects with a TransportError, as a partition would).
import { TransportError, type RequestHandler, type Transport } from '../../../../core/ports';

export function createTestNetwork() {
  const handlers = new Map<string, RequestHandler>();
  const down = new Set<string>();
  return {
    down,
    serve(node: string, handler: RequestHandler) {
      handlers.set(node, handler);
    },
    transportFor(self: string): Transport {
      return {
        self,
        async request(to, channel, payload) {
          const handler = handlers.get(to);
          if (down.has(to) || !handler) throw new TransportError(to, channel, 'unreachable');
          // Through JSON, as a real message would be.
          const reply = await handler(self, channel, JSON.parse(JSON.stringify(payload)));
          return JSON.parse(JSON.stringify(reply)) as unknown;
        },
      };
    },
  };
}
