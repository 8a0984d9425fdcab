// The rollback-alert sink: a service of its own on the store host (rollback alerts carry no
// workload id, so they stay out of the pipeline sink's ledger), failing inside the same outage
// windows as the pipeline's sink. The host side records every alert it accepted, with the sending
// node; the worker side records what `emit` answered to the run (acknowledged or not), so a
// checker can tell a duplicate the run should have prevented from a retry after a lost reply.
import type { AlertSink, RevocationAlert } from '../../core/exports-replay';
import { remoteObject, type NodeContext } from '../../sim/index';
import { outageAt, SinkOutageError, type PipelineRuntime } from '../pipeline/index';
import { serveObserved } from '../pipeline/rpcServe';
import type { GovernanceLedger } from '../checkers/governance-ledger';

export const GOVERNANCE_SINK_SERVICE = 'gov-sink';

class GovernanceSinkService implements AlertSink {
  constructor(private readonly runtime: PipelineRuntime) {}

  async emit(_alert: RevocationAlert): Promise<void> {
    const outage = outageAt(this.runtime.sinkOutages, this.runtime.sim.nowMs);
    if (outage !== undefined) throw new SinkOutageError(outage.untilMs);
  }
}

/** Serves the rollback-alert sink on `ctx` until the incarnation dies. */
export function serveGovernanceSink(ctx: NodeContext, runtime: PipelineRuntime, ledger: GovernanceLedger): void {
  serveObserved(ctx, GOVERNANCE_SINK_SERVICE, new GovernanceSinkService(runtime), (call) => {
    if (call.error !== null || call.method !== 'emit') return;
    const sim = runtime.sim;
    ledger.recordDelivery({ step: sim.steps, timeMs: sim.nowMs, from: call.from, alert: call.args[0] as RevocationAlert });
  });
}

/** A worker's proxy of the rollback-alert sink that records each answer in the ledger. */
export function governanceSinkFor(ctx: NodeContext, runtime: PipelineRuntime, ledger: GovernanceLedger): AlertSink {
  const remote = remoteObject<AlertSink>(ctx.transport, runtime.options.storeHost, GOVERNANCE_SINK_SERVICE);
  const answer = (alert: RevocationAlert, acknowledged: boolean): void => {
    if (ctx.alive) ledger.recordAnswer({ worker: ctx.id, incarnation: ctx.incarnation, step: runtime.sim.steps, timeMs: runtime.sim.nowMs, alert, acknowledged });
  };
  return {
    emit: async (alert) => {
      try {
        await remote.emit(alert);
      } catch (e) {
        answer(alert, false);
        throw e;
      }
      answer(alert, true);
    },
  };
}
