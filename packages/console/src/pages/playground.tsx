import type { Model } from "@parley/sdk";
import { useState, type FormEvent } from "react";
import { ErrorText } from "../components/error-text.js";
import { formatNumber } from "../format.js";
import type { Session } from "../session.js";
import { useAsync } from "../use-async.js";

/** A version pin ("v3"), a label ("label:canary") or "" for the model's default routing. */
type Target = string;

interface Outcome {
  texts: string[];
  version: number;
  labels: string[];
  billedCharacters: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

/** Translate with a model (and a version or label), optionally two side by side on the same input. */
export function PlaygroundPage({ session }: { session: Session }) {
  const models = useAsync(() => session.client.models.list({ first: 100 }).toArray(), []);
  const [modelName, setModelName] = useState("");
  const [targets, setTargets] = useState<[Target, Target]>(["", ""]);
  const [compare, setCompare] = useState(false);
  const [beamSize, setBeamSize] = useState(1);
  const [text, setText] = useState("");
  const [outcomes, setOutcomes] = useState<(Outcome | { error: unknown } | undefined)[]>([]);
  const [busy, setBusy] = useState(false);
  const model = models.data?.find((candidate) => candidate.name === modelName) ?? models.data?.[0];

  const translateWith = async (target: Target): Promise<Outcome> => {
    const started = performance.now();
    const pin = target.startsWith("v") ? { version: Number(target.slice(1)) } : target.startsWith("label:") ? { label: target.slice(6) } : {};
    const result = await session.client.translations.create({
      model: model!.name,
      texts: text.split("\n").filter((line) => line.trim() !== ""),
      ...pin,
      options: { beamSize },
    });
    return {
      texts: result.translations.map((translation) => translation.text),
      version: result.modelVersion.version,
      labels: result.modelVersion.labels,
      billedCharacters: result.usage.billedCharacters,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      latencyMs: performance.now() - started,
    };
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const runs = (compare ? targets : [targets[0]]).map((target) => translateWith(target).catch((error: unknown) => ({ error })));
    setOutcomes(await Promise.all(runs));
    setBusy(false);
  };

  if (models.error) return <ErrorText error={models.error} />;
  if (!models.data) return <p className="loading">Loading…</p>;
  if (!model) return <p className="muted">No model to translate with yet.</p>;
  return (
    <>
      <form className="panel" onSubmit={submit} aria-label="Translate">
        <div className="fields">
          <label>
            Model
            <select value={model.name} onChange={(event) => setModelName(event.target.value)}>
              {models.data.map((candidate) => (
                <option key={candidate.id} value={candidate.name}>
                  {candidate.name} ({candidate.sourceLanguage} → {candidate.targetLanguage})
                </option>
              ))}
            </select>
          </label>
          <TargetSelect label={compare ? "Version A" : "Version"} model={model} value={targets[0]} onChange={(value) => setTargets([value, targets[1]])} />
          {compare ? <TargetSelect label="Version B" model={model} value={targets[1]} onChange={(value) => setTargets([targets[0], value])} /> : null}
          <label>
            Beam size
            <input type="number" min={1} max={8} className="narrow" value={beamSize} onChange={(event) => setBeamSize(Number(event.target.value))} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={compare} onChange={(event) => setCompare(event.target.checked)} /> Compare two versions
          </label>
        </div>
        <label>
          Text (one sentence a line)
          <textarea rows={4} required value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Translating…" : "Translate"}
        </button>
      </form>
      <div className={compare ? "split" : undefined}>
        {outcomes.map((outcome, index) =>
          outcome === undefined ? null : "error" in outcome ? (
            <ErrorText key={index} error={outcome.error} />
          ) : (
            <OutcomeView key={index} title={compare ? `Version ${index === 0 ? "A" : "B"}` : "Result"} outcome={outcome} />
          ),
        )}
      </div>
    </>
  );
}

function TargetSelect({ label, model, value, onChange }: { label: string; model: Model; value: Target; onChange(value: Target): void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">default (stable, with canary traffic)</option>
        {model.labels.map((entry) => (
          <option key={`label:${entry.name}`} value={`label:${entry.name}`}>
            label {entry.name} (v{entry.version})
          </option>
        ))}
        {model.versions
          .filter((version) => version.status === "READY")
          .map((version) => (
            <option key={version.id} value={`v${version.version}`}>
              version {version.version}
            </option>
          ))}
      </select>
    </label>
  );
}

function OutcomeView({ title, outcome }: { title: string; outcome: Outcome }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <div className="output" data-testid="translation-output">
        {outcome.texts.map((line, index) => (
          <p key={index}>{line}</p>
        ))}
      </div>
      <dl className="limits">
        <dt>Billed characters</dt>
        <dd data-testid="billed-characters">{formatNumber(outcome.billedCharacters)}</dd>
        <dt>Tokens (in / out)</dt>
        <dd>
          {formatNumber(outcome.inputTokens)} / {formatNumber(outcome.outputTokens)}
        </dd>
        <dt>Latency</dt>
        <dd>{Math.round(outcome.latencyMs)} ms</dd>
        <dt>Served by</dt>
        <dd data-testid="served-version">
          v{outcome.version}
          {outcome.labels.length ? ` (${outcome.labels.join(", ")})` : ""}
        </dd>
      </dl>
    </section>
  );
}
