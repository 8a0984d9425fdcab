// What a node's `decision` lines say, kept for the Nodes pane. Scenarios record decisions as
// `ctx.record('decision', { op, ...fields })`; the pane shows, per node, the latest decision of
// each op and a few well-known facts when a decision carries them as top-level fields:
//
//   lease          lease | leaseHeld | leaseHolder | leaseExpiresMs | leaseExpiryMs | leaseUntilMs
//   dead letters   deadLetters | deadLettersByReason      (a count, or reason → count)
//   pending        pending | pendingQueue | recoveryQueue
//   replay         replayState
//   policy         activePolicy | stablePolicy | policy
//   governance     governanceLevel | level
//   cursor         cursor | cursorState | watermark
//   fencing        fence | fencingToken | epoch
//
// A fact keeps the value of the latest decision that carried it. Nothing else is inferred.

export interface Decision {
  readonly op: string;
  readonly step: number;
  readonly t: number;
  readonly fields: Readonly<Record<string, unknown>>;
  /** How many decisions with this op the node has recorded so far. */
  readonly count: number;
}

export interface Fact {
  readonly value: unknown;
  readonly step: number;
}

export interface FactsView {
  /** Latest decision per op, most recent first. */
  readonly decisions: readonly Decision[];
  readonly facts: Readonly<Record<string, Fact>>;
  readonly total: number;
}

export const EMPTY_FACTS: FactsView = { decisions: [], facts: {}, total: 0 };

/** Field name → the label of the fact it feeds (the order is the pane's display order). */
export const FACT_FIELDS: Readonly<Record<string, string>> = {
  lease: 'lease',
  leaseHeld: 'lease',
  leaseHolder: 'lease holder',
  leaseExpiresMs: 'lease expires',
  leaseExpiryMs: 'lease expires',
  leaseUntilMs: 'lease expires',
  deadLetters: 'dead letters',
  deadLettersByReason: 'dead letters',
  pending: 'pending',
  pendingQueue: 'pending',
  recoveryQueue: 'pending',
  replayState: 'replay',
  activePolicy: 'policy active',
  stablePolicy: 'policy stable',
  policy: 'policy',
  governanceLevel: 'governance',
  level: 'governance',
  cursor: 'cursor',
  cursorState: 'cursor',
  watermark: 'watermark',
  fence: 'fence',
  fencingToken: 'fence',
  epoch: 'fence',
};

export const FACT_ORDER: readonly string[] = [...new Set(Object.values(FACT_FIELDS))];

/** Keeps at most this many distinct ops per node (the oldest fall off). */
const OPS_MAX = 16;

/**
 * Folds a recorded decision. `lineKind` is the trace kind: for `decision` lines the op is
 * `data.op`; other scenario lines (e.g. `pipeline.run`) count as decisions named by their kind
 * and their `op`/`kind` field (`pipeline.run/replay`).
 */
export function foldDecision(f: FactsView, data: unknown, step: number, t: number, lineKind = 'decision'): FactsView {
  const d = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : { value: data };
  const subFromKind = typeof d.op !== 'string' && typeof d.kind === 'string';
  const sub = typeof d.op === 'string' ? d.op : subFromKind ? (d.kind as string) : null;
  const op = lineKind === 'decision' ? (sub ?? 'decision') : sub === null ? lineKind : `${lineKind}/${sub}`;
  const fields: Record<string, unknown> = { ...d };
  delete fields.op;
  if (subFromKind) delete fields.kind;
  const prev = f.decisions.find((x) => x.op === op);
  const decision: Decision = { op, step, t, fields, count: (prev?.count ?? 0) + 1 };
  const decisions = [decision, ...f.decisions.filter((x) => x.op !== op)].slice(0, OPS_MAX);
  let facts = f.facts;
  for (const key of Object.keys(fields)) {
    const label = FACT_FIELDS[key];
    if (label === undefined) continue;
    if (facts === f.facts) facts = { ...f.facts };
    (facts as Record<string, Fact>)[label] = { value: fields[key], step };
  }
  return { decisions, facts, total: f.total + 1 };
}
