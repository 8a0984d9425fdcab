// The oracle side of the pipeline world: what the harness observes from outside the nodes, kept
// in plain memory that survives node crashes. The world appends to it (sink deliveries, store
// writes the RPC server accepted with the calling node, lease holds as workers saw them, replay
// batches, policy decisions, run outcomes); checkers only read it. Every list is append-only.
import type { DeadLetterReason, ReplayPolicy } from '../../core/exports-replay';
import type { ReplayEntry } from './options';

/** The sink acknowledged (or at least received) an alert. */
export interface Delivery {
  readonly id: string;
  readonly step: number;
  readonly timeMs: number;
  readonly from: string;
}

/** A store write the store host completed (its reply may still be lost). */
export interface AcceptedWrite {
  readonly step: number;
  readonly timeMs: number;
  readonly from: string;
  readonly fromIncarnation: number;
  readonly service: string;
  readonly method: string;
  /** The (world, node) whose data it wrote, normalised; null for lease records. */
  readonly worldId: string | null;
  readonly nodeId: string | null;
  readonly alertIds: readonly string[];
}

/** A lease the store host granted (the lease record it wrote), keyed as the host keys it. */
export interface LeaseGrantRecord {
  readonly step: number;
  readonly timeMs: number;
  /** `original`: the lease key; `hardened`: the fencing scope (the world). */
  readonly key: string;
  readonly holder: string;
  readonly holderIncarnation: number;
}

/** A lease as its holder saw it: from `acquire` returning true to `release` returning. */
export interface LeaseHold {
  readonly worker: string;
  readonly incarnation: number;
  readonly key: string;
  readonly startStep: number;
  readonly startMs: number;
  /** The holder's clock when it acquired. */
  readonly clockMs: number;
  endStep: number | null;
}

/** One listed dead letter, as a replay run saw it. */
export interface ListedRecord {
  readonly id: string;
  readonly reason: DeadLetterReason;
  readonly attempt: number;
  readonly droppedAtMs: number;
}

/** A replay run's move, recorded when the worker hands it to the writer. */
export interface ReplayBatch {
  readonly worker: string;
  readonly incarnation: number;
  readonly target: string;
  readonly entry: ReplayEntry;
  readonly step: number;
  readonly timeMs: number;
  /** The dead letters the run listed, in list order. */
  readonly listed: readonly ListedRecord[];
  /** Alert ids moved to the queue, in selection order. */
  readonly selected: readonly string[];
  /** The run's policy; guarded/adaptive runs fill it in when the entry returns. */
  policy: ReplayPolicy;
  /** `prefer_capacity_evicted` of the state the run loaded (fair entries). */
  readonly prefer: boolean;
  outcome: 'pending' | 'ok' | 'failed';
}

/** One guarded/adaptive policy decision of a caller. */
export interface PolicyDecision {
  readonly worker: string;
  readonly incarnation: number;
  readonly target: string;
  readonly step: number;
  readonly timeMs: number;
  /** The caller's clock (the guard's `now`). */
  readonly clockMs: number;
  readonly current: ReplayPolicy;
  readonly adopted: ReplayPolicy;
  /** The unguarded recommendation from the same reads (pure `recommendFromSnapshot`). */
  readonly recommended: ReplayPolicy | null;
  /** `last_replay_at_ms` the guard read for its cooldown. */
  readonly lastReplayAtMs: number | null;
}

export interface RunOutcome {
  readonly worker: string;
  readonly incarnation: number;
  readonly kind: 'reconcile' | 'replay' | 'extension';
  readonly target: string;
  readonly step: number;
  readonly timeMs: number;
  readonly ok: boolean;
  readonly error: string | null;
}

/** A worker's call to export a run's delivery metrics (before the request leaves the node). */
export interface MetricsExport {
  readonly worker: string;
  readonly incarnation: number;
  readonly step: number;
  readonly timeMs: number;
  /** Normalised (world, node) whose metrics file it appends to. */
  readonly worldId: string;
  readonly nodeId: string;
  /** `metricsExportKey` of the line it asks for. */
  readonly key: string;
}

export class PipelineLedger {
  private alertSeq = 0;
  /** Bumped on every change, so checkers can skip work when nothing changed. */
  version = 0;
  readonly deliveries: Delivery[] = [];
  readonly delivered = new Map<string, number>();
  readonly writes: AcceptedWrite[] = [];
  /** First accepted write that put each alert id into a store. */
  readonly entered = new Map<string, AcceptedWrite>();
  readonly holds: LeaseHold[] = [];
  readonly grants: LeaseGrantRecord[] = [];
  readonly batches: ReplayBatch[] = [];
  readonly policies: PolicyDecision[] = [];
  readonly runs: RunOutcome[] = [];
  readonly metricsExports: MetricsExport[] = [];
  /** Reports raised per target so far. */
  readonly reportsRaised = new Map<string, number>();

  /** Marks an in-place change (a hold ended, a batch outcome or policy filled in). */
  touch(): void {
    this.version += 1;
  }

  /** A globally unique `drained` count for the next reconcile report. */
  nextReportSeq(): number {
    this.alertSeq += 1;
    return this.alertSeq;
  }

  recordDelivery(d: Delivery): void {
    this.version += 1;
    this.deliveries.push(d);
    this.delivered.set(d.id, (this.delivered.get(d.id) ?? 0) + 1);
  }

  recordWrite(w: AcceptedWrite): void {
    this.version += 1;
    this.writes.push(w);
    for (const id of w.alertIds) if (!this.entered.has(id)) this.entered.set(id, w);
  }

  recordGrant(g: LeaseGrantRecord): void {
    this.version += 1;
    this.grants.push(g);
  }

  recordHold(h: Omit<LeaseHold, 'endStep'>): LeaseHold {
    this.version += 1;
    const hold: LeaseHold = { ...h, endStep: null };
    this.holds.push(hold);
    return hold;
  }

  recordBatch(b: ReplayBatch): void {
    this.version += 1;
    this.batches.push(b);
  }

  recordPolicy(p: PolicyDecision): void {
    this.version += 1;
    this.policies.push(p);
  }

  recordMetricsExport(e: MetricsExport): void {
    this.version += 1;
    this.metricsExports.push(e);
  }

  recordRun(r: RunOutcome): void {
    this.version += 1;
    this.runs.push(r);
  }
}
