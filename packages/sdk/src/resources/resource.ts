import type { Parley } from "../client.js";

export abstract class APIResource {
  constructor(protected readonly client: Parley) {}
}
