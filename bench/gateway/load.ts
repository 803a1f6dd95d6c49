import autocannon from "autocannon";

/** One load run against one target. */
export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
}

/** What to send: a POST body and headers. `uniqueIds`: autocannon puts a fresh id in place of each `[<id>]`. */
export interface Target {
  url: string;
  body: string;
  headers?: Record<string, string>;
  uniqueIds?: boolean;
}

/** `connections` closed-loop connections for `seconds`, after a 2 s warm-up; autocannon on a worker thread. */
export async function measure(target: Target, connections: number, seconds: number): Promise<Measurement> {
  const options = {
    url: target.url,
    method: "POST" as const,
    headers: { "content-type": "application/json", ...target.headers },
    body: target.body,
    idReplacement: target.uniqueIds ?? false,
    connections,
    // The load generator runs on its own thread, not on the gateway's event loop.
    workers: 1,
  };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: seconds });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
