/** No engine answered: none reachable, or none replied within the timeout. Nothing was translated for the caller. */
export class EngineUnavailable extends Error {
  override readonly name = "EngineUnavailable";
}
