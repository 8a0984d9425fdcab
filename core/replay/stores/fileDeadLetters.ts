// File-backed dead letters and delivery metrics (spec A §5): one JSONL file each per
// (world, node). Appends go through StoreFiles (two writes in `original`, one fsynced write in
// `hardened`); `replace` rewrites the whole file; any undecodable line fails the whole list.
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { normalizeKey } from '../../common/ids';
import {
  decodeDeadLetter,
  decodeMetricsLine,
  encodeDeadLetter,
  encodeMetricsLine,
  toJsonText,
} from '../codec/records';
import type { DeadLetterRecord, DeadLetterStore, DeliveryMetrics, DeliveryMetricsLine } from '../types';
import { DEAD_LETTER_SUFFIX, METRICS_SUFFIX, pairFilePath } from './fileNames';

export class FileDeadLetterStore implements DeadLetterStore {
  private constructor(
    private readonly files: StoreFiles,
    readonly root: string,
  ) {}

  static async open(files: StoreFiles, root: string): Promise<FileDeadLetterStore> {
    await files.ensureDir(root);
    return new FileDeadLetterStore(files, root);
  }

  deadLetterPath(worldId: string, nodeId: string): string {
    return pairFilePath(this.root, this.files.profile, worldId, nodeId, DEAD_LETTER_SUFFIX);
  }

  metricsPath(worldId: string, nodeId: string): string {
    return pairFilePath(this.root, this.files.profile, worldId, nodeId, METRICS_SUFFIX);
  }

  async append(record: DeadLetterRecord): Promise<void> {
    const key = normalizeKey(record.worldId, record.nodeId);
    await this.files.appendLine(this.deadLetterPath(key.worldId, key.nodeId), toJsonText(encodeDeadLetter(record)));
  }

  async list(worldId: string, nodeId: string): Promise<DeadLetterRecord[]> {
    const path = this.deadLetterPath(worldId, nodeId);
    const lines = await this.files.readNumberedLines(path);
    return lines.map((l) => decodeDeadLetter(parseJson(l.text, `${path} line ${l.lineNo}`), `${path} line ${l.lineNo}`));
  }

  async replace(worldId: string, nodeId: string, records: readonly DeadLetterRecord[]): Promise<void> {
    const path = this.deadLetterPath(worldId, nodeId);
    if (records.length === 0) {
      await this.files.removeIfExists(path);
      return;
    }
    const lines = records.map((r) => toJsonText(encodeDeadLetter(r)));
    await this.files.writeDocument(path, `${lines.join('\n')}\n`);
  }

  async appendDeliveryMetrics(worldId: string, nodeId: string, exportedAtMs: number, metrics: DeliveryMetrics): Promise<void> {
    const path = this.metricsPath(worldId, nodeId);
    await this.files.appendLine(path, toJsonText(encodeMetricsLine({ exportedAtMs, metrics })));
  }

  async listDeliveryMetrics(worldId: string, nodeId: string): Promise<DeliveryMetricsLine[]> {
    const path = this.metricsPath(worldId, nodeId);
    const lines = await this.files.readNumberedLines(path);
    return lines.map((l) => decodeMetricsLine(parseJson(l.text, `${path} line ${l.lineNo}`), `${path} line ${l.lineNo}`));
  }
}
