// The alert sink service: `emit(alert)` acknowledges unless global virtual time is inside an
// outage window, where it rejects (the spec's "not acknowledged", §2.4) so emit runs retry,
// dead-letter at the retry limit and evict at capacity. Every acknowledged alert id goes into the
// ledger with the sending node. The sink keeps no state of its own: the ledger is the oracle.
import type { RevocationAlert } from '../../core/exports-replay';
import { remoteObject, type NodeContext } from '../../sim/index';
import type { AlertSink } from '../../core/exports-replay';
import { alertIdOf } from './alertIds';
import type { TimeWindow } from './options';
import { serveObserved } from './rpcServe';
import type { PipelineRuntime } from './runtime';

export const SINK_SERVICE = 'sink';

export class SinkOutageError extends Error {
  constructor(readonly untilMs: number) {
    super(`alert sink unavailable until ${untilMs} ms`);
    this.name = 'SinkOutageError';
  }
}

export const outageAt = (windows: readonly TimeWindow[], nowMs: number): TimeWindow | undefined =>
  windows.find((w) => nowMs >= w.fromMs && nowMs < w.untilMs);

class SinkService implements AlertSink {
  constructor(private readonly runtime: PipelineRuntime) {}

  async emit(_alert: RevocationAlert): Promise<void> {
    const outage = outageAt(this.runtime.sinkOutages, this.runtime.sim.nowMs);
    if (outage !== undefined) throw new SinkOutageError(outage.untilMs);
  }
}

/** Serves the sink on this node; acknowledged emits are recorded as deliveries. */
export function runSink(ctx: NodeContext, runtime: PipelineRuntime): void {
  serveObserved(ctx, SINK_SERVICE, new SinkService(runtime), (call) => {
    if (call.error !== null || call.method !== 'emit') return;
    const alert = call.args[0] as RevocationAlert;
    const sim = runtime.sim;
    runtime.ledger.recordDelivery({ id: alertIdOf(alert), step: sim.steps, timeMs: sim.nowMs, from: call.from });
  });
}

/** A worker's sink: in-process on the sink host itself (recorded the same way), else a proxy. */
export function sinkFor(ctx: NodeContext, runtime: PipelineRuntime): AlertSink {
  if (ctx.id !== runtime.options.sinkHost) return remoteObject<AlertSink>(ctx.transport, runtime.options.sinkHost, SINK_SERVICE);
  const local = new SinkService(runtime);
  return {
    emit: async (alert) => {
      await local.emit(alert);
      const sim = runtime.sim;
      runtime.ledger.recordDelivery({ id: alertIdOf(alert), step: sim.steps, timeMs: sim.nowMs, from: ctx.id });
    },
  };
}
