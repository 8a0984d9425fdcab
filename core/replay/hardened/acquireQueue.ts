// Fair acquire for the fenced lease service: compare-and-set alone has no queue, so under
// contention a requester whose requests happen to arrive just after others' can lose every attempt
// (adaptive-guard `one-world-scope-starves-an-emit-under-a-slow-disk`). The service remembers the
// requesters it refused, per scope, in the order they were first refused. One that has waited at
// least its TTL is starving; while any live requester starves, a free lease goes only to the
// oldest starving one (the lease stays free until it asks). Without starvation anyone may take a
// free lease, so the scope is not left idle in ordinary contention. A requester stays live while
// it keeps asking: its place lapses one TTL after its last ask on the lease clock, so one that
// stops asking (crashed, moved on) holds a scope no longer than a crashed holder would, and one
// that asked once never blocks anyone. Only who may take a free lease changes; compare-and-set,
// tokens and fences decide safety exactly as before. In memory: after a restart of the service
// the order starts again, which costs fairness for a moment, not safety.
import { satAddI64, satMul, satSubI64 } from '../../common/saturating';

/** A requester starves once it has waited this many of its TTLs. */
export const STARVING_AFTER_TTLS = 3;

/** How many waiting requesters per scope are remembered; more wait unqueued until a place frees. */
export const ACQUIRE_WAITERS_KEPT = 64;

interface Waiter {
  readonly requester: string;
  /** Lease time of its first refusal; it starves from `sinceMs + starvingAfterMs`. */
  readonly sinceMs: number;
  readonly starvingAfterMs: number;
  /** Lease time until which the place is kept (its last ask + that ask's TTL). */
  keptUntilMs: number;
}

export class AcquireQueue {
  private readonly byScope = new Map<string, Waiter[]>();

  constructor(private readonly maxWaiters: number = ACQUIRE_WAITERS_KEPT) {}

  /** Whether `requester` may take `scope`'s free lease at lease time `nowMs`: no starving waiter ahead of it. */
  mayTake(scope: string, requester: string, nowMs: number): boolean {
    const oldestStarving = this.live(scope, nowMs).find((w) => satSubI64(nowMs, w.sinceMs) >= w.starvingAfterMs);
    return oldestStarving === undefined || oldestStarving.requester === requester;
  }

  /** A refused ask: a new requester joins the tail; a known one keeps its place, renewed for `ttlMs`. */
  refused(scope: string, requester: string, nowMs: number, ttlMs: number): void {
    const live = this.live(scope, nowMs);
    const keptUntilMs = satAddI64(nowMs, ttlMs);
    const known = live.find((w) => w.requester === requester);
    if (known) known.keptUntilMs = Math.max(known.keptUntilMs, keptUntilMs);
    else if (live.length < this.maxWaiters) live.push({ requester, sinceMs: nowMs, starvingAfterMs: satMul(ttlMs, STARVING_AFTER_TTLS), keptUntilMs });
    this.store(scope, live);
  }

  /** `requester` was granted the lease: it no longer waits. */
  granted(scope: string, requester: string): void {
    // Stryker disable next-line ArrayDeclaration: equivalent, a placeholder element has no keptUntilMs, so live() drops it before anyone reads it
    this.store(scope, (this.byScope.get(scope) ?? []).filter((w) => w.requester !== requester));
  }

  /** The scope's live waiters, oldest first (for tests and inspection). */
  waiters(scope: string, nowMs: number): readonly string[] {
    return this.live(scope, nowMs).map((w) => w.requester);
  }

  /** The waiters whose place is still kept at `nowMs`; lapsed ones are dropped. */
  private live(scope: string, nowMs: number): Waiter[] {
    // Stryker disable next-line ArrayDeclaration: equivalent, a placeholder element has no keptUntilMs and is filtered out here
    const live = (this.byScope.get(scope) ?? []).filter((w) => nowMs < w.keptUntilMs);
    this.store(scope, live);
    return live;
  }

  private store(scope: string, waiters: Waiter[]): void {
    if (waiters.length === 0) this.byScope.delete(scope);
    else this.byScope.set(scope, waiters);
  }
}
