import { afterAll, beforeAll } from "vitest";
import { startTestGateway, type TestGateway, type TestGatewayOptions } from "./gateway.js";

export interface UseTestGatewayOptions extends TestGatewayOptions {
  /** Publishes the tiny model under its default name once the gateway is up. */
  tinyModel?: boolean;
}

/**
 * Starts a test gateway before the tests of the enclosing file or describe block
 * and stops it after them. The handle's fields are filled in by that beforeAll:
 * read them in hooks and tests, not while the tests are being collected.
 */
export function useTestGateway(options: UseTestGatewayOptions = {}): TestGateway {
  const { tinyModel = false, ...startOptions } = options;
  const handle = {} as TestGateway;
  let started: TestGateway | undefined;
  beforeAll(async () => {
    started = await startTestGateway(startOptions);
    Object.assign(handle, started);
    if (tinyModel) await started.publishTinyModel();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return handle;
}
