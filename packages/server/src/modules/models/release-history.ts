import type { ModelLabelEvent } from "../../db/generated/client.js";

export const ROLLBACK_REASON = "rollback";
export const PROMOTE_REASON = "promote";

type LabelEvent = Pick<ModelLabelEvent, "fromVersionId" | "toVersionId" | "reason">;

/**
 * Where a rollback of one label goes: the version it pointed at before its
 * current one. Events are replayed as a stack (a promotion pushes, a rollback
 * pops), so rolling back twice walks two steps back instead of toggling.
 * Versions that can no longer serve (archived) are skipped.
 *
 * @param events the label's events, oldest first
 * @param canServe whether a version may carry the label again
 * @returns the version to move the label to, or undefined when there is none
 */
export function rollbackTarget(
  events: readonly LabelEvent[],
  currentVersionId: string | undefined,
  canServe: (versionId: string) => boolean,
): string | undefined {
  const stack: string[] = [];
  for (const event of events) {
    if (event.reason === ROLLBACK_REASON) {
      stack.pop();
      if (stack.at(-1) !== event.toVersionId) stack.push(event.toVersionId);
    } else {
      if (stack.length === 0 && event.fromVersionId) stack.push(event.fromVersionId);
      stack.push(event.toVersionId);
    }
  }
  if (currentVersionId !== undefined && stack.at(-1) === currentVersionId) stack.pop();
  for (let index = stack.length - 1; index >= 0; index -= 1) {
    const candidate = stack[index]!;
    if (candidate !== currentVersionId && canServe(candidate)) return candidate;
  }
  return undefined;
}
