import { Semaphore } from "redis-semaphore";

/**
 * redis-semaphore refreshes a held lease from a timer and lets a Redis error
 * there escape as an unhandled rejection, which would end the gateway. A
 * failed refresh is reported instead and the lease assumed held: the next
 * refresh that reaches Redis finds out (and reports a lost lease).
 */
export class TolerantSemaphore extends Semaphore {
  onRefreshError: (error: unknown) => void = () => undefined;

  protected override async _refresh(): Promise<boolean> {
    try {
      return await super._refresh();
    } catch (error) {
      this.onRefreshError(error);
      return true;
    }
  }
}
