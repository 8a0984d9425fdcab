// Which directed links are cut. A symmetric partition cuts both directions between every pair
// of the two groups; a one-way partition cuts only `from → to`. Isolation is kept apart from
// partitions, so isolating and rejoining a node never undoes a partition the plan made.
// A node always reaches itself.

export type NodeSel = string | readonly string[];

export function nodesOf(sel: NodeSel): readonly string[] {
  return typeof sel === 'string' ? [sel] : sel;
}

export interface LinkCut {
  readonly from: string;
  readonly to: string;
}

export class Links {
  private readonly cut = new Map<string, Set<string>>();
  private readonly isolated = new Set<string>();

  blocked(from: string, to: string): boolean {
    if (from === to) return false;
    if (this.isolated.size > 0 && (this.isolated.has(from) || this.isolated.has(to))) return true;
    const s = this.cut.get(from);
    return s !== undefined && s.has(to);
  }

  /** Why `from → to` is blocked, or null. */
  reason(from: string, to: string): 'isolated' | 'partition' | null {
    if (from === to) return null;
    if (this.isolated.has(from) || this.isolated.has(to)) return 'isolated';
    return this.cut.get(from)?.has(to) === true ? 'partition' : null;
  }

  cutOneWay(from: NodeSel, to: NodeSel): void {
    for (const a of nodesOf(from)) {
      for (const b of nodesOf(to)) {
        if (a === b) continue;
        let s = this.cut.get(a);
        if (s === undefined) this.cut.set(a, (s = new Set()));
        s.add(b);
      }
    }
  }

  repairOneWay(from: NodeSel, to: NodeSel): void {
    for (const a of nodesOf(from)) {
      const s = this.cut.get(a);
      if (s === undefined) continue;
      for (const b of nodesOf(to)) s.delete(b);
      if (s.size === 0) this.cut.delete(a);
    }
  }

  isolate(node: NodeSel): void {
    for (const n of nodesOf(node)) this.isolated.add(n);
  }

  rejoin(node: NodeSel): void {
    for (const n of nodesOf(node)) this.isolated.delete(n);
  }

  healAll(): void {
    this.cut.clear();
    this.isolated.clear();
  }

  /** Cut directed links, sorted by (from, to). */
  cuts(): LinkCut[] {
    const out: LinkCut[] = [];
    for (const [from, tos] of this.cut) for (const to of tos) out.push({ from, to });
    return out.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
  }

  isolatedNodes(): string[] {
    return [...this.isolated].sort();
  }
}
