import type { Dataset, Model, TrainingJob } from "@parley/sdk";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ConfirmButton } from "../components/confirm-button.js";
import { DataTable, dateSortValue } from "../components/data-table.js";
import { datasetIssues, ErrorText } from "../components/error-text.js";
import { LineChart } from "../components/line-chart.js";
import { PromoteButton } from "../components/promote-button.js";
import { formatDate, formatNumber, formatScore, formatSeconds } from "../format.js";
import type { Session } from "../session.js";
import { useAsync } from "../use-async.js";

const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"]);

/** Upload datasets, start training jobs and watch them live. */
export function TrainingPage({ session }: { session: Session }) {
  const { client } = session;
  const datasets = useAsync(() => client.datasets.list({ first: 100 }).toArray(), []);
  const models = useAsync(() => client.models.list({ first: 100 }).toArray(), []);
  const jobs = useAsync(() => client.trainingJobs.list({ first: 20 }).toArray(), []);
  const [watching, setWatching] = useState<string>();
  return (
    <>
      <div className="split">
        <UploadForm session={session} onUploaded={datasets.reload} />
        <StartJobForm
          session={session}
          datasets={datasets.data ?? []}
          models={models.data ?? []}
          onStarted={(job) => {
            jobs.reload();
            setWatching(job.id);
          }}
        />
      </div>
      {watching ? <JobView session={session} id={watching} onFinished={jobs.reload} /> : null}
      <h2>Jobs</h2>
      <ErrorText error={jobs.error} />
      <DataTable
        label="Training jobs"
        rows={jobs.data ?? []}
        rowKey={(job) => job.id}
        columns={[
          { id: "model", header: "Model", cell: (job) => job.model.name, sortValue: (job) => job.model.name },
          { id: "dataset", header: "Dataset", cell: (job) => job.dataset?.name ?? "—", sortValue: (job) => job.dataset?.name },
          { id: "status", header: "Status", cell: (job) => job.status, sortValue: (job) => job.status },
          { id: "progress", header: "Progress", numeric: true, cell: (job) => `${Math.round(job.progress * 100)}%`, sortValue: (job) => job.progress },
          { id: "created", header: "Created", cell: (job) => formatDate(job.createdAt), sortValue: (job) => dateSortValue(job.createdAt) },
          {
            id: "details",
            header: "Details",
            cell: (job) => (
              <button type="button" onClick={() => setWatching(job.id)}>
                Show
              </button>
            ),
          },
        ]}
      />
      <h2>Datasets</h2>
      <ErrorText error={datasets.error} />
      <DatasetTable datasets={datasets.data ?? []} />
    </>
  );
}

function DatasetTable({ datasets }: { datasets: Dataset[] }) {
  return (
    <DataTable
      label="Datasets"
      rows={datasets}
      rowKey={(dataset) => dataset.id}
      empty={<p className="muted">No datasets yet.</p>}
      columns={[
        { id: "name", header: "Name", cell: (dataset) => dataset.name, sortValue: (dataset) => dataset.name },
        {
          id: "languages",
          header: "Languages",
          cell: (dataset) => `${dataset.sourceLanguage} → ${dataset.targetLanguage}`,
          sortValue: (dataset) => `${dataset.sourceLanguage} ${dataset.targetLanguage}`,
        },
        {
          id: "pairs",
          header: "Pairs (train / dev / test)",
          numeric: true,
          cell: (dataset) =>
            `${formatNumber(dataset.pairCount)} (${formatNumber(dataset.trainCount)} / ${formatNumber(dataset.devCount)} / ${formatNumber(dataset.testCount)})`,
          sortValue: (dataset) => dataset.pairCount,
        },
        { id: "uploaded", header: "Uploaded", cell: (dataset) => formatDate(dataset.createdAt), sortValue: (dataset) => dateSortValue(dataset.createdAt) },
      ]}
    />
  );
}

function UploadForm({ session, onUploaded }: { session: Session; onUploaded(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState({ name: "", sourceLanguage: "", targetLanguage: "" });
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const dataset = await session.client.datasets.upload({ file, ...fields }, { maxRetries: 0 });
      setResult(`Uploaded ${dataset.name}: ${formatNumber(dataset.pairCount)} pairs.`);
      onUploaded();
    } catch (thrown) {
      setError(thrown);
    } finally {
      setBusy(false);
    }
  };
  const issues = datasetIssues(error);
  const field = (name: keyof typeof fields, label: string) => (
    <label>
      {label}
      <input required value={fields[name]} onChange={(event) => setFields({ ...fields, [name]: event.target.value })} />
    </label>
  );
  return (
    <form className="panel" onSubmit={submit} aria-label="Upload a dataset">
      <h2>Upload a dataset</h2>
      <p className="muted">TSV, UTF-8, one “source⇥target” pair a line.</p>
      <div className="fields">
        <label>
          File
          <input type="file" accept=".tsv,.txt,text/tab-separated-values" required onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </label>
        {field("name", "Name")}
        {field("sourceLanguage", "Source language")}
        {field("targetLanguage", "Target language")}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Uploading…" : "Upload"}
      </button>
      {result ? <p role="status">{result}</p> : null}
      <ErrorText error={error} />
      {issues.length ? (
        <ul className="issues" aria-label="Problems in the file">
          {issues.map((issue, index) => (
            <li key={index}>
              {issue.line > 0 ? `Line ${issue.line}: ` : ""}
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}

function StartJobForm({ session, datasets, models, onStarted }: { session: Session; datasets: Dataset[]; models: Model[]; onStarted(job: TrainingJob): void }) {
  const own = models.filter((model) => model.visibility === "PRIVATE" || session.viewer.scopes.includes("ADMIN"));
  const [form, setForm] = useState({ model: "", dataset: "", architecture: "TRANSFORMER", preset: "small", maxMinutes: "10", maxSteps: "", from: "" });
  const [error, setError] = useState<unknown>();
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const model = form.model || own[0]?.name || "";
  const dataset = form.dataset || datasets[0]?.id || "";
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      // "v3" continues version 3 of this model; "other:name" starts from another model's stable version.
      const from = form.from.startsWith("v")
        ? { continueFromVersion: Number(form.from.slice(1)) }
        : form.from.startsWith("other:")
          ? { startFrom: { model: form.from.slice(6) } }
          : { architecture: form.architecture as "TRANSFORMER" | "LSTM", preset: form.preset };
      const job = await session.client.trainingJobs.create({
        model,
        dataset,
        maxMinutes: Number(form.maxMinutes),
        ...(form.maxSteps ? { maxSteps: Number(form.maxSteps) } : {}),
        ...from,
      });
      onStarted(job);
    } catch (thrown) {
      setError(thrown);
    }
  };
  const selected = own.find((candidate) => candidate.name === model);
  const bases = models.filter((candidate) => candidate.name !== model && selected && candidate.sourceLanguage === selected.sourceLanguage && candidate.targetLanguage === selected.targetLanguage);
  return (
    <form className="panel" onSubmit={submit} aria-label="Start training">
      <h2>Start training</h2>
      <div className="fields">
        <label>
          Model
          <select value={model} onChange={set("model")} required>
            {own.map((candidate) => (
              <option key={candidate.id} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Dataset
          <select value={dataset} onChange={set("dataset")} required>
            {datasets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({formatNumber(candidate.pairCount)} pairs)
              </option>
            ))}
          </select>
        </label>
        <label>
          Start from
          <select value={form.from} onChange={set("from")}>
            <option value="">scratch</option>
            {selected?.versions
              .filter((version) => version.status === "READY")
              .map((version) => (
                <option key={version.id} value={`v${version.version}`}>
                  continue v{version.version}
                </option>
              ))}
            {bases.map((base) => (
              <option key={base.id} value={`other:${base.name}`}>
                {base.name} (its stable version)
              </option>
            ))}
          </select>
        </label>
        {form.from === "" ? (
          <>
            <label>
              Architecture
              <select value={form.architecture} onChange={set("architecture")}>
                <option value="TRANSFORMER">Transformer</option>
                <option value="LSTM">LSTM + attention</option>
              </select>
            </label>
            <label>
              Preset
              <select value={form.preset} onChange={set("preset")}>
                <option value="tiny">tiny</option>
                <option value="small">small</option>
                <option value="base">base</option>
              </select>
            </label>
          </>
        ) : null}
        <label>
          Minutes
          <input type="number" min={1} className="narrow" value={form.maxMinutes} onChange={set("maxMinutes")} />
        </label>
        <label>
          Max steps (optional)
          <input type="number" min={1} className="narrow" value={form.maxSteps} onChange={set("maxSteps")} />
        </label>
      </div>
      <button type="submit" className="primary" disabled={!model || !dataset}>
        Start training
      </button>
      <ErrorText error={error} />
    </form>
  );
}

/** One job, polled every second while it runs: progress, ETA, loss curves, then the new version's metrics. */
function JobView({ session, id, onFinished }: { session: Session; id: string; onFinished(): void }) {
  const [job, setJob] = useState<TrainingJob>();
  const [error, setError] = useState<unknown>();
  const [promoted, setPromoted] = useState<string>();
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const next = await session.client.trainingJobs.retrieve(id);
        if (stopped) return;
        setJob(next);
        if (FINISHED.has(next.status)) return onFinished();
      } catch (thrown) {
        if (!stopped) setError(thrown);
      }
      if (!stopped) timer = window.setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  const curve = useMemo(
    () =>
      job && job.lossCurve.length
        ? {
            x: job.lossCurve.map((point) => point.step),
            series: [
              { label: "training loss", values: job.lossCurve.map((point) => point.loss), color: "#3558d8" },
              { label: "dev loss", values: job.lossCurve.map((point) => point.devLoss ?? null), color: "#d8553a" },
            ],
          }
        : undefined,
    [job],
  );
  // Dev BLEU after each dev evaluation (the trainer scores a dev sample each time), drawn as it grows.
  const bleuCurve = useMemo(() => {
    const scored = job?.evaluations.filter((evaluation) => evaluation.devBleu !== null) ?? [];
    return scored.length
      ? { x: scored.map((evaluation) => evaluation.step), series: [{ label: "dev BLEU", values: scored.map((evaluation) => evaluation.devBleu), color: "#2f8a4c" }] }
      : undefined;
  }, [job]);
  if (error) return <ErrorText error={error} />;
  if (!job) return <p className="loading">Loading job…</p>;
  const version = job.resultVersion;
  return (
    <section className="panel" aria-label="Training job">
      <h2>
        Job for <span className="model-name">{job.model.name}</span>: <span data-testid="job-status">{job.status}</span>
      </h2>
      <progress max={1} value={job.progress} aria-label="Training progress" />
      <p>
        {Math.round(job.progress * 100)}% · step {formatNumber(job.step)} of {formatNumber(job.totalSteps)} · ETA {formatSeconds(job.etaSeconds)} · dev BLEU{" "}
        {formatScore(job.devBleu)}
      </p>
      {job.error ? <p className="error">{job.error}</p> : null}
      <div className="split">
        {curve ? <LineChart title="Loss by step" x={curve.x} series={curve.series} /> : null}
        {bleuCurve ? <LineChart title="Dev BLEU by step" x={bleuCurve.x} series={bleuCurve.series} /> : null}
      </div>
      {job.evaluations.length ? (
        <details>
          <summary>
            Dev evaluations (<span data-testid="evaluation-count">{job.evaluations.length}</span>)
          </summary>
          <DataTable
            label="Dev evaluations"
            rows={job.evaluations}
            rowKey={(evaluation) => String(evaluation.step)}
            columns={[
              { id: "step", header: "Step", numeric: true, cell: (evaluation) => formatNumber(evaluation.step), sortValue: (evaluation) => evaluation.step },
              { id: "devLoss", header: "Dev loss", numeric: true, cell: (evaluation) => evaluation.devLoss.toFixed(3), sortValue: (evaluation) => evaluation.devLoss },
              { id: "devBleu", header: "Dev BLEU", numeric: true, cell: (evaluation) => formatScore(evaluation.devBleu), sortValue: (evaluation) => evaluation.devBleu },
              { id: "at", header: "At", cell: (evaluation) => formatDate(evaluation.at), sortValue: (evaluation) => dateSortValue(evaluation.at) },
            ]}
          />
        </details>
      ) : null}
      {!FINISHED.has(job.status) ? (
        <ConfirmButton label="Cancel job" danger question="Cancel this training job?" action={async () => `Job ${(await session.client.trainingJobs.cancel(id)).status.toLowerCase()}.`} />
      ) : null}
      {version ? (
        <div data-testid="result-version">
          <h3>New version v{version.version}</h3>
          <p>
            Status {version.status} · BLEU {formatScore(version.metrics.bleu)} · chrF {formatScore(version.metrics.chrF)} · dev BLEU {formatScore(version.metrics.devBleu)}
          </p>
          <PromoteButton
            client={session.client}
            model={job.model.name}
            version={version.version}
            label="stable"
            onPromoted={() => setPromoted(`v${version.version} is stable.`)}
          />
          {promoted ? <span className="muted"> {promoted}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
