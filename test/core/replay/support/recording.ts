// Store wrappers that log every call, for "validation runs before any store access" and
// write-order assertions; `failOn` makes a named method reject.
import { IoError } from '../../../../core/common/errors';
import { InMemoryDeadLetterStore, InMemoryRecoveryStore, InMemoryReplayStateStore } from '../../../../core/replay/stores/memory';
import type { DeadLetterStore, RecoveryStore, ReplayStateStore, ScheduleCoordinator } from '../../../../core/replay/types';
import { InMemoryScheduleCoordinator } from '../../../../core/replay/leases/coordinators';

function recorded<T extends object>(name: string, inner: T, log: string[], failOn: Set<string>): T {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const call = `${name}.${String(prop)}`;
        log.push(call);
        if (failOn.has(call)) return Promise.reject(new IoError(`injected failure in ${call}`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export function recordingStores(failOn: string[] = []) {
  const log: string[] = [];
  const fail = new Set(failOn);
  const recoveryStore: RecoveryStore = recorded('pending', new InMemoryRecoveryStore(), log, fail);
  const deadLetterStore: DeadLetterStore = recorded('deadLetters', new InMemoryDeadLetterStore(), log, fail);
  const stateStore: ReplayStateStore = recorded('state', new InMemoryReplayStateStore(), log, fail);
  const coordinator: ScheduleCoordinator = recorded('lease', new InMemoryScheduleCoordinator(), log, fail);
  return { log, recoveryStore, deadLetterStore, stateStore, coordinator };
}
