// Alert sinks (spec A §2.4): in memory, and a JSONL file per world.
import type { StoreFiles } from '../../common/storeFiles';
import { parseJson } from '../../common/storeFiles';
import { normalizeWorldId } from '../../common/ids';
import { joinPath } from '../../common/paths';
import { decodeAlert, encodeAlert, toJsonText } from '../codec/records';
import type { AlertSink, RevocationAlert } from '../types';

export class InMemoryAlertSink implements AlertSink {
  private readonly alerts: RevocationAlert[] = [];

  async emit(alert: RevocationAlert): Promise<void> {
    this.alerts.push(alert);
  }

  list(): RevocationAlert[] {
    return [...this.alerts];
  }
}

/** One JSON line per alert in `<root>/<world>.revocation-alerts.jsonl`. */
export class FileAlertSink implements AlertSink {
  private constructor(
    private readonly files: StoreFiles,
    private readonly root: string,
  ) {}

  static async open(files: StoreFiles, root: string): Promise<FileAlertSink> {
    await files.ensureDir(root);
    return new FileAlertSink(files, root);
  }

  pathFor(worldId: string): string {
    return joinPath(this.root, `${normalizeWorldId(worldId)}.revocation-alerts.jsonl`);
  }

  async emit(alert: RevocationAlert): Promise<void> {
    const path = this.pathFor(alert.worldId);
    await this.files.appendLine(path, toJsonText(encodeAlert(alert)));
  }

  /** Blank lines are skipped; any undecodable line fails the whole list, naming the file. */
  async list(worldId: string): Promise<RevocationAlert[]> {
    const path = this.pathFor(worldId);
    const lines = await this.files.readNumberedLines(path);
    return lines.map((l) => decodeAlert(parseJson(l.text, `${path} line ${l.lineNo}`), `${path} line ${l.lineNo}`));
  }
}
