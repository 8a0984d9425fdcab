// A FileSystem port that tells the harness when a file may have changed: right after each mutating
// call (an op without disk latency has already applied by then) and again when it settles (an op
// with latency applies just before). The listener reads the file's current text from the disk
// model, so versions are recorded in the order the disk applied them, and nothing of this touches
// the trace, the disk's random stream or its op counter.
import type { FileSystem } from '../../core/ports';

export function observedFs(inner: FileSystem, changed: (paths: readonly string[]) => void): FileSystem {
  const watch = <T>(paths: readonly string[], p: Promise<T>): Promise<T> => {
    changed(paths);
    p.then(
      () => changed(paths),
      () => changed(paths),
    );
    return p;
  };
  return {
    readFile: (path) => inner.readFile(path),
    readdir: (path) => inner.readdir(path),
    stat: (path) => inner.stat(path),
    mkdir: (path, o) => inner.mkdir(path, o),
    fsync: (path) => inner.fsync(path),
    writeFile: (path, data) => watch([path], inner.writeFile(path, data)),
    appendFile: (path, data) => watch([path], inner.appendFile(path, data)),
    rename: (from, to) => watch([from, to], inner.rename(from, to)),
    unlink: (path) => watch([path], inner.unlink(path)),
  };
}
