import type { Model, ModelVersion } from "@parley/sdk";
import { useState, type FormEvent } from "react";
import { ConfirmButton } from "../components/confirm-button.js";
import { DataTable, dateSortValue } from "../components/data-table.js";
import { ErrorText } from "../components/error-text.js";
import { PromoteButton } from "../components/promote-button.js";
import { formatBytes, formatDate, formatScore } from "../format.js";
import { hasScope, type Session } from "../session.js";
import { useAsync } from "../use-async.js";

/** Public models and the tenant's own, with versions; release actions where the key may take them. */
export function ModelsPage({ session }: { session: Session }) {
  const { client, viewer } = session;
  const models = useAsync(() => client.models.list({ first: 100 }).toArray(), []);
  const canTrain = hasScope(viewer, "TRAIN");
  return (
    <>
      {canTrain ? <CreateModelForm session={session} onCreated={models.reload} /> : null}
      <ErrorText error={models.error} />
      {models.data?.length === 0 ? <p className="muted">No models yet.</p> : null}
      {models.data?.map((model) => (
        <ModelCard
          key={model.id}
          session={session}
          model={model}
          canRelease={canTrain && (model.visibility === "PRIVATE" || viewer.scopes.includes("ADMIN"))}
          onChanged={models.reload}
        />
      ))}
    </>
  );
}

function ModelCard({ session, model, canRelease, onChanged }: { session: Session; model: Model; canRelease: boolean; onChanged(): void }) {
  const { client } = session;
  const [canary, setCanary] = useState(String(model.canaryPercent));
  const done = (text: string) => {
    onChanged();
    return text;
  };
  return (
    <article className="panel model" aria-label={`Model ${model.name}`}>
      <h2>
        <span className="model-name">{model.name}</span>{" "}
        <span className="badge">{model.visibility === "PUBLIC" ? "public" : "own"}</span>
      </h2>
      <p className="muted">
        {model.sourceLanguage} → {model.targetLanguage}
        {model.description ? ` · ${model.description}` : ""} · labels:{" "}
        {model.labels.length ? model.labels.map((label) => `${label.name} → v${label.version}`).join(", ") : "none"} · canary{" "}
        {model.canaryPercent}%
      </p>
      {canRelease ? (
        <div className="row wrap">
          <label className="inline">
            Canary %
            <input type="number" min={0} max={100} value={canary} onChange={(event) => setCanary(event.target.value)} className="narrow" />
          </label>
          <ConfirmButton
            label="Set canary"
            question={`Send ${canary}% of unpinned ${model.name} requests to the canary label?`}
            action={async () => done(`Canary set to ${(await client.models.setCanaryTraffic({ model: model.name, percent: Number(canary) })).canaryPercent}%.`)}
          />
          <ConfirmButton
            label="Roll back stable"
            question={`Put the stable label of ${model.name} back on the version it pointed at before?`}
            action={async () => {
              const after = await client.models.rollback({ model: model.name, label: "stable" });
              return done(`stable → v${after.labels.find((label) => label.name === "stable")?.version ?? "?"}.`);
            }}
          />
        </div>
      ) : null}
      <DataTable
        label={`Versions of ${model.name}`}
        rows={model.versions}
        rowKey={(version) => version.id}
        columns={[
          { id: "version", header: "Version", cell: (version) => `v${version.version}`, sortValue: (version) => version.version },
          { id: "status", header: "Status", cell: (version) => version.status, sortValue: (version) => version.status },
          { id: "labels", header: "Labels", cell: (version) => version.labels.join(", ") || "—", sortValue: (version) => version.labels.join(", ") || null },
          { id: "bleu", header: "BLEU", numeric: true, cell: (version) => formatScore(version.metrics.bleu), sortValue: (version) => version.metrics.bleu },
          { id: "chrF", header: "chrF", numeric: true, cell: (version) => formatScore(version.metrics.chrF), sortValue: (version) => version.metrics.chrF },
          { id: "size", header: "Size", numeric: true, cell: (version) => formatBytes(version.sizeBytes), sortValue: (version) => version.sizeBytes },
          { id: "parent", header: "Parent", cell: parentText, sortValue: (version) => (parentText(version) === "—" ? null : parentText(version)) },
          { id: "created", header: "Created", cell: (version) => formatDate(version.createdAt), sortValue: (version) => dateSortValue(version.createdAt) },
          canRelease && {
            id: "actions",
            header: "Actions",
            className: "actions",
            cell: (version) => <VersionActions session={session} model={model} version={version} onChanged={onChanged} />,
          },
        ]}
      />
    </article>
  );
}

function VersionActions({ session, model, version, onChanged }: { session: Session; model: Model; version: ModelVersion; onChanged(): void }) {
  const { client } = session;
  if (version.status !== "READY") return <span className="muted">—</span>;
  return (
    <>
      <PromoteButton client={client} model={model.name} version={version.version} label="stable" onPromoted={onChanged} />
      <PromoteButton client={client} model={model.name} version={version.version} label="canary" onPromoted={onChanged} />
      <ConfirmButton
        label={`Archive v${version.version}`}
        danger
        question={`Archive v${version.version} of ${model.name}? It is unloaded and refuses new traffic.`}
        action={async () => {
          await client.models.versions.archive({ model: model.name, version: version.version });
          onChanged();
          return `v${version.version} archived.`;
        }}
      />
    </>
  );
}

function parentText(version: ModelVersion): string {
  if (version.parent) return `${version.parent.model} v${version.parent.version}`;
  if (version.parentVersion !== null && version.parentVersion !== undefined) return `v${version.parentVersion}`;
  return "—";
}

function CreateModelForm({ session, onCreated }: { session: Session; onCreated(): void }) {
  const [fields, setFields] = useState({ name: "", sourceLanguage: "", targetLanguage: "" });
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const model = await session.client.models.create(fields);
      setResult(`Created ${model.name}.`);
      onCreated();
    } catch (thrown) {
      setError(thrown);
    }
  };
  const field = (name: keyof typeof fields, label: string) => (
    <label>
      {label}
      <input required value={fields[name]} onChange={(event) => setFields({ ...fields, [name]: event.target.value })} />
    </label>
  );
  return (
    <details className="panel">
      <summary>New model</summary>
      <form onSubmit={submit} aria-label="Create a model">
        <div className="fields">
          {field("name", "Name")}
          {field("sourceLanguage", "Source language")}
          {field("targetLanguage", "Target language")}
        </div>
        <button type="submit" className="primary">
          Create model
        </button>
        {result ? <span role="status">{result}</span> : null}
        <ErrorText error={error} />
      </form>
    </details>
  );
}
