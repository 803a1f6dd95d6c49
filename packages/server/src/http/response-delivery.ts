import type { ServerResponse } from "node:http";

/** Whether a response reached the client: settled on the response's `finish` or `close`, whichever comes first. */
export interface ResponseDelivery {
  /**
   * True once the whole response was handed to the client's connection (`finish`); false when the connection
   * closed before that (the client went away, or shutdown cut it after the drain timeout).
   */
  readonly delivered: Promise<boolean>;
}

/** Watches one HTTP response for delivery. */
export function watchDelivery(response: ServerResponse): ResponseDelivery {
  const delivered = new Promise<boolean>((resolve) => {
    if (response.writableFinished) return resolve(true);
    if (response.destroyed) return resolve(false);
    response.once("finish", () => resolve(true));
    response.once("close", () => resolve(response.writableFinished));
  });
  return { delivered };
}
