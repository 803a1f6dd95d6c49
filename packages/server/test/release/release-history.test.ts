import { describe, expect, it } from "vitest";
import { PROMOTE_REASON, ROLLBACK_REASON, rollbackTarget } from "../../src/modules/models/release-history.js";

const promote = (fromVersionId: string | null, toVersionId: string) => ({ fromVersionId, toVersionId, reason: PROMOTE_REASON });
const rollback = (fromVersionId: string, toVersionId: string) => ({ fromVersionId, toVersionId, reason: ROLLBACK_REASON });
const all = () => true;

describe("rollbackTarget", () => {
  it("goes back to the version the label pointed at before", () => {
    expect(rollbackTarget([promote(null, "v1"), promote("v1", "v2")], "v2", all)).toBe("v1");
  });

  it("walks further back on a second rollback instead of toggling", () => {
    const events = [promote(null, "v1"), promote("v1", "v2"), promote("v2", "v3"), rollback("v3", "v2")];
    expect(rollbackTarget(events, "v2", all)).toBe("v1");
  });

  it("after a rollback and a new promotion, goes back to the rolled-back-to version", () => {
    const events = [promote(null, "v1"), promote("v1", "v2"), rollback("v2", "v1"), promote("v1", "v3")];
    expect(rollbackTarget(events, "v3", all)).toBe("v1");
  });

  it("skips versions that can no longer serve", () => {
    const events = [promote(null, "v1"), promote("v1", "v2"), promote("v2", "v3")];
    expect(rollbackTarget(events, "v3", (id) => id !== "v2")).toBe("v1");
  });

  it("has nothing to go back to after the first promotion", () => {
    expect(rollbackTarget([promote(null, "v1")], "v1", all)).toBeUndefined();
    expect(rollbackTarget([], undefined, all)).toBeUndefined();
  });

  it("restores a label that archiving removed", () => {
    const events = [promote(null, "v1"), promote("v1", "v2")];
    expect(rollbackTarget(events, undefined, (id) => id !== "v2")).toBe("v1");
  });
});
