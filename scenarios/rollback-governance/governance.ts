// Governance on top of the replay-pipeline world (spec B over part A's shared stores): the store
// host also opens part B's stores through the core factory and serves them over RPC, next to a
// governance alert sink with the same outage windows as the pipeline's sink; each worker tick runs
// the governed entry point (`runReplayWithGovernanceArchive`) for the tick's target. The add-on
// owns the governance ledger the checkers read and the map from file paths to (kind, target).
import { GOVERNANCE_FILE_SUFFIX } from '../../core/exports-governance';
import { storeFilePath } from '../../core/governance/stores/storePath';
import type { Profile } from '../../core/ports';
import type { Sim } from '../../sim/index';
import { GOVERNANCE_FILE_KINDS, GovernanceLedger, type GovernanceConfig, type GovernanceFileKind, type GovernanceWorld } from '../checkers/governance-ledger';
import type { PipelineExtensions, PipelineOptions } from '../pipeline/index';
import { GOVERNANCE_ROOT } from './config';
import { governanceHostServices } from './govHost';
import { governedTick } from './govWorker';

const SUFFIX: Readonly<Record<GovernanceFileKind, string>> = {
  policyState: GOVERNANCE_FILE_SUFFIX.policyState,
  policyAudit: GOVERNANCE_FILE_SUFFIX.policyAudit,
  alertState: GOVERNANCE_FILE_SUFFIX.alertState,
  governanceState: GOVERNANCE_FILE_SUFFIX.governanceState,
  governanceAudit: GOVERNANCE_FILE_SUFFIX.governanceAudit,
  commitIntent: GOVERNANCE_FILE_SUFFIX.commitIntent,
};

export interface GovernanceAddOnInput {
  readonly sim: Sim;
  readonly profile: Profile;
  readonly pipeline: PipelineOptions;
  readonly config: GovernanceConfig;
  /** `replay_interval_ms` of the governed runs. Default: the pipeline's. */
  readonly replayIntervalMs?: number;
}

export class GovernanceAddOn {
  readonly ledger = new GovernanceLedger();
  readonly world: GovernanceWorld;
  readonly root = GOVERNANCE_ROOT;
  private readonly files = new Map<string, { kind: GovernanceFileKind; target: string }>();

  constructor(readonly input: GovernanceAddOnInput) {
    const o = input.pipeline;
    for (const target of o.targets) {
      for (const kind of GOVERNANCE_FILE_KINDS) this.files.set(this.pathOf(kind, target), { kind, target });
    }
    this.world = {
      ledger: this.ledger,
      config: input.config,
      worldId: o.worldId,
      targets: o.targets,
      storeHost: o.storeHost,
      intentPath: (target) => this.pathOf('commitIntent', target),
    };
  }

  pathOf(kind: GovernanceFileKind, target: string): string {
    return storeFilePath(this.root, this.input.profile, this.input.pipeline.worldId, target, SUFFIX[kind]);
  }

  /** Records the current text of every followed file among `paths` (in the host's disk model). */
  noteFiles(paths: readonly string[], cause: 'write' | 'boot'): void {
    const sim = this.input.sim;
    const model = sim.node(this.input.pipeline.storeHost).disk.model;
    for (const path of paths) {
      const f = this.files.get(path);
      if (f === undefined) continue;
      this.ledger.recordFile(f.kind, f.target, { step: sim.steps, timeMs: sim.nowMs, text: model.currentText(path), cause });
    }
  }

  /** After a (re)start of the store host: what survived on its disk. */
  noteBoot(): void {
    this.ledger.hostBoots += 1;
    this.noteFiles([...this.files.keys()], 'boot');
  }

  /** The hooks to pass to the pipeline world; `replacesReplay`: the governed run is the tick's replay. */
  extensions(replacesReplay: boolean): PipelineExtensions {
    return {
      hostServices: (host) => governanceHostServices(this, host),
      workerTick: (tick) => governedTick(this, tick),
      replacesReplay,
    };
  }
}
