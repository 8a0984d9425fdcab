// Unique alert ids: the workload gives every reconcile report a globally unique `drained` count
// (the reconcile report is an injected input, spec A §15), `evaluateReconcileAlerts` copies it into
// each alert, and the code tells the two alerts of one report apart. So an alert carries its id
// through the pending queue, dead letters and the sink without any change to the core.
import type { RevocationAlert } from '../../core/exports-replay';

/** `a<drained>d` (diverged, Warn) or `a<drained>r` (rejected, Critical). */
export function alertIdOf(alert: Pick<RevocationAlert, 'drained' | 'code'>): string {
  return `a${alert.drained}${alert.code === 'reconcile_rejected' ? 'r' : 'd'}`;
}

function looksLikeAlert(v: Record<string, unknown>): boolean {
  return typeof v.drained === 'number' && typeof v.code === 'string' && typeof v.detectedAtMs === 'number';
}

/** Every alert id found anywhere inside a JSON-like value (e.g. the arguments of a store write). */
export function alertIdsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) alertIdsIn(v, out);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (looksLikeAlert(obj)) out.push(alertIdOf(obj as unknown as RevocationAlert));
    else for (const k of Object.keys(obj)) alertIdsIn(obj[k], out);
  }
  return out;
}
