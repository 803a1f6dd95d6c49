/** One decoding configuration's measurement, from either runtime. */
export interface PeerRun {
  beam: number;
  batch: number;
  seconds: number;
  cpuSeconds: number;
  outputs: number[][];
}
