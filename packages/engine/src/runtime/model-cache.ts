import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { LRUCache } from "lru-cache";

interface Disposable {
  dispose(): void;
}

interface Entry<TModel extends Disposable> {
  model: Promise<TModel>;
}

/**
 * Loaded model versions, least recently used evicted first once their
 * artifacts' total size passes `maxBytes`. Loads of one version are shared.
 */
export class ModelCache<TModel extends Disposable> {
  private readonly cache: LRUCache<string, Entry<TModel>>;

  constructor(
    private readonly maxBytes: number,
    private readonly load: (artifactPath: string) => Promise<TModel>,
  ) {
    this.cache = new LRUCache<string, Entry<TModel>>({
      maxSize: maxBytes,
      sizeCalculation: () => 1,
      dispose: (entry) => {
        entry.model.then((model) => model.dispose()).catch(() => undefined);
      },
    });
  }

  get size(): number {
    return this.cache.size;
  }

  async get(versionId: string, artifactPath: string): Promise<TModel> {
    const cached = this.cache.get(versionId);
    if (cached) return cached.model;
    const size = await directorySize(artifactPath);
    const entry: Entry<TModel> = { model: this.load(artifactPath) };
    // Capped so one version larger than the bound is still kept (alone) rather than refused.
    this.cache.set(versionId, entry, { size: Math.min(Math.max(1, size), this.maxBytes) });
    entry.model.catch(() => this.cache.delete(versionId));
    return entry.model;
  }

  evict(versionId: string): void {
    this.cache.delete(versionId);
  }
}

async function directorySize(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true });
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => stat(path.join(dir, entry.name)).then((s) => s.size)),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
