import type { Logger } from "../logging/logger.js";
import { retryTransient } from "./retry-transient.js";
import { RESERVATION_RENEW_MS, type Reservation, type Settlement, type UsageLedger } from "./usage-ledger.js";

/**
 * A reservation this process works on: its lease is renewed until it is settled or released, and it ends
 * exactly once. Settling and releasing retry through a database blip; a settlement that finds the row no longer
 * RESERVED bills nothing.
 */
export class HeldReservation {
  #ended: Promise<boolean> | undefined;
  readonly #renewal: NodeJS.Timeout;

  constructor(
    private readonly ledger: UsageLedger,
    readonly reservation: Reservation,
    private readonly logger: Logger,
    /** Told of the settlement or release once it starts, and of the reservation's end. */
    private readonly registry?: OpenReservations,
  ) {
    this.#renewal = setInterval(() => {
      ledger.renew(reservation).catch((error: unknown) => logger.warn({ err: error, recordId: reservation.recordId }, "could not renew a reservation's lease"));
    }, RESERVATION_RENEW_MS);
    this.#renewal.unref();
  }

  /** True once settle or release was called. */
  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /**
   * Bills the reservation (RESERVED → SUCCEEDED), or only `characters` of it (the rest given back). If the database
   * stays unreachable past the retry budget the reservation is released instead (retried the same way). True when
   * billed.
   */
  settle(settlement: Settlement, characters: number = this.reservation.characters): Promise<boolean> {
    return (this.#ended ??= this.#finish(async () => {
      try {
        const billed = await retryTransient(() =>
          characters >= this.reservation.characters
            ? this.ledger.settle(this.reservation, settlement)
            : this.ledger.settleShort(this.reservation, characters, settlement),
        );
        if (!billed) this.logger.warn({ recordId: this.reservation.recordId }, "reservation was no longer RESERVED at settlement: not billed");
        return billed;
      } catch (error) {
        this.logger.error({ err: error, recordId: this.reservation.recordId }, "could not settle a reservation; releasing it");
        await this.#release();
        return false;
      }
    }));
  }

  /** Gives the characters back and frees the idempotency key; nothing is billed. */
  release(): Promise<boolean> {
    return (this.#ended ??= this.#finish(async () => {
      await this.#release();
      return false;
    }));
  }

  async #release(): Promise<void> {
    try {
      await retryTransient(() => this.ledger.release(this.reservation));
    } catch (error) {
      // The lease runs out and the sweeper (or a retry with the same key) releases the row.
      this.logger.error({ err: error, recordId: this.reservation.recordId }, "could not release a reservation; its lease will expire");
    }
  }

  #finish(end: () => Promise<boolean>): Promise<boolean> {
    clearInterval(this.#renewal);
    const ending = end();
    this.registry?.track(this, ending);
    return ending;
  }
}

/** The reservations this gateway holds, so shutdown can wait for their settlements or release them. */
export class OpenReservations {
  readonly #held = new Set<HeldReservation>();
  readonly #ending = new Set<Promise<boolean>>();

  constructor(
    private readonly ledger: UsageLedger,
    private readonly logger: Logger,
  ) {}

  /** Starts holding a fresh reservation (renewing its lease). */
  hold(reservation: Reservation, logger: Logger = this.logger): HeldReservation {
    const held = new HeldReservation(this.ledger, reservation, logger, this);
    this.#held.add(held);
    return held;
  }

  /** A held reservation's settlement or release started: shutdown waits for it. */
  track(held: HeldReservation, ending: Promise<boolean>): void {
    this.#held.delete(held);
    this.#ending.add(ending);
    void ending.catch(() => false).finally(() => this.#ending.delete(ending));
  }

  get size(): number {
    return this.#held.size;
  }

  /** Releases every reservation not yet settled or released (their answers will not be delivered). */
  async releaseAll(): Promise<number> {
    const open = [...this.#held];
    await Promise.all(open.map((held) => held.release()));
    return open.length;
  }

  /** Waits for the settlements and releases in progress. */
  async ended(): Promise<void> {
    await Promise.allSettled([...this.#ending]);
  }
}
