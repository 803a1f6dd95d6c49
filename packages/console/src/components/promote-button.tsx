import type { Parley } from "@parley/sdk";
import { ConfirmButton } from "./confirm-button.js";

interface PromoteButtonProps {
  client: Parley;
  model: string;
  version: number;
  /** The label moved onto the version: "stable" (serves unpinned traffic) or "canary". */
  label: "stable" | "canary";
  /** Runs after the label moved, e.g. to reload the page's data. */
  onPromoted?(): void;
}

/** Moves a label onto a model version, after a confirmation (the models page and a finished training job). */
export function PromoteButton({ client, model, version, label, onPromoted }: PromoteButtonProps) {
  const stable = label === "stable";
  return (
    <ConfirmButton
      label={stable ? `Promote v${version} to stable` : `Make v${version} canary`}
      question={stable ? `Serve v${version} of ${model} as stable?` : `Label v${version} of ${model} canary?`}
      action={async () => {
        await client.models.versions.promote({ model, version, label });
        onPromoted?.();
        return `${label} → v${version}.`;
      }}
    />
  );
}
