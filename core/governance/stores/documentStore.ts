// One JSON document per key: the shape shared by the policy, alert, governance and drill-schedule
// state stores (spec B §0.4). A missing file is the default; an empty or partial one is a
// SerdeError naming the file, which is left as it is.
import type { StoreFiles } from '../../common/storeFiles';
import { memoryKey, storeFilePath } from './storePath';

export interface DocumentCodec<T> {
  readonly suffix: string;
  readonly fallback: () => T;
  readonly encode: (value: T) => string;
  readonly decode: (text: string, file: string) => T;
}

export interface DocumentStore<T> {
  load(worldId: string, nodeId: string): Promise<T>;
  save(worldId: string, nodeId: string, value: T): Promise<void>;
  /** Deletes the document (used by the hardened intent store only). */
  remove(worldId: string, nodeId: string): Promise<void>;
}

export function createMemoryDocumentStore<T>(fallback: () => T): DocumentStore<T> {
  const docs = new Map<string, T>();
  return {
    load: async (w, n) => {
      const found = docs.get(memoryKey(w, n));
      return found === undefined ? fallback() : structuredClone(found);
    },
    save: async (w, n, value) => {
      docs.set(memoryKey(w, n), structuredClone(value));
    },
    remove: async (w, n) => {
      docs.delete(memoryKey(w, n));
    },
  };
}

export function createFileDocumentStore<T>(files: StoreFiles, root: string, codec: DocumentCodec<T>): DocumentStore<T> {
  const pathOf = (w: string, n: string): string => storeFilePath(root, files.profile, w, n, codec.suffix);
  return {
    load: async (w, n) => {
      const path = pathOf(w, n);
      const text = await files.readText(path);
      return text === null ? codec.fallback() : codec.decode(text, path);
    },
    save: async (w, n, value) => {
      const path = pathOf(w, n);
      await files.writeDocument(path, codec.encode(value));
    },
    remove: async (w, n) => {
      await files.removeIfExists(pathOf(w, n));
    },
  };
}
