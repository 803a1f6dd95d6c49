import type { Model, ModelVersion } from "@parley/sdk";
import { useState, type FormEvent } from "react";
import { ConfirmButton } from "../components/confirm-button.js";
import { ErrorText } from "../components/error-text.js";
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
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Labels</th>
              <th scope="col" className="num">BLEU</th>
              <th scope="col" className="num">chrF</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">Parent</th>
              <th scope="col">Created</th>
              {canRelease ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {model.versions.map((version) => (
              <tr key={version.id}>
                <td>v{version.version}</td>
                <td>{version.status}</td>
                <td>{version.labels.join(", ") || "—"}</td>
                <td className="num">{formatScore(version.metrics.bleu)}</td>
                <td className="num">{formatScore(version.metrics.chrF)}</td>
                <td className="num">{formatBytes(version.sizeBytes)}</td>
                <td>{parentText(version)}</td>
                <td>{formatDate(version.createdAt)}</td>
                {canRelease ? (
                  <td className="actions">
                    <VersionActions session={session} model={model} version={version} onChanged={onChanged} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function VersionActions({ session, model, version, onChanged }: { session: Session; model: Model; version: ModelVersion; onChanged(): void }) {
  const { client } = session;
  if (version.status !== "READY") return <span className="muted">—</span>;
  const promote = (label: string) => async () => {
    await client.models.versions.promote({ model: model.name, version: version.version, label });
    onChanged();
    return `${label} → v${version.version}.`;
  };
  return (
    <>
      <ConfirmButton label={`Promote v${version.version} to stable`} question={`Serve v${version.version} of ${model.name} as stable?`} action={promote("stable")} />
      <ConfirmButton label={`Make v${version.version} canary`} question={`Label v${version.version} of ${model.name} canary?`} action={promote("canary")} />
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
