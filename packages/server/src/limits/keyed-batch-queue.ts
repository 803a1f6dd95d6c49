import { BatchQueue, type BatchQueueOptions } from "./batch-queue.js";

/**
 * A BatchQueue per key (say, per API key: items of one key go together, different keys in parallel), each
 * dropped once idle.
 */
export class KeyedBatchQueue<I, O> {
  readonly #groups = new Map<string, BatchQueue<I, O>>();

  constructor(
    /** Runs a batch of one key's items; returns one outcome per item, in order. */
    private readonly write: (key: string, items: I[]) => Promise<O[]>,
    private readonly options?: BatchQueueOptions,
  ) {}

  /** The outcome of `item`, once the batch of `key` it joined was written. */
  submit(key: string, item: I): Promise<O> {
    let group = this.#groups.get(key);
    if (!group) {
      group = new BatchQueue((items) => this.write(key, items), this.options);
      this.#groups.set(key, group);
    }
    const joined = group;
    const outcome = joined.submit(item);
    const forget = () => {
      if (joined.idle && this.#groups.get(key) === joined) this.#groups.delete(key);
    };
    outcome.then(forget, forget);
    return outcome;
  }
}
