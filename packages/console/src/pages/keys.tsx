import type { ApiKey, ApiKeyScope } from "@parley/sdk";
import { useState, type FormEvent } from "react";
import { ConfirmButton } from "../components/confirm-button.js";
import { DataTable, dateSortValue, type Column } from "../components/data-table.js";
import { ErrorText } from "../components/error-text.js";
import { formatDate } from "../format.js";
import type { Session } from "../session.js";
import { useAsync } from "../use-async.js";

const ALL_SCOPES: ApiKeyScope[] = ["READ", "TRANSLATE", "TRAIN", "KEYS", "ADMIN"];

/** The tenant's keys: list, create (secret shown once), revoke, rotate. */
export function KeysPage({ session }: { session: Session }) {
  const { client, viewer } = session;
  const keys = useAsync(() => client.apiKeys.list(), []);
  const [secret, setSecret] = useState<{ name: string; key: string }>();
  const isAdmin = viewer.scopes.includes("ADMIN");
  // Creating, revoking and rotating keys takes the KEYS scope (or ADMIN); without it the page only lists.
  const manages = isAdmin || viewer.scopes.includes("KEYS");
  // A key grants at most its own scopes, never ADMIN (admins grant any).
  const grantable = ALL_SCOPES.filter((scope) => isAdmin || (scope !== "ADMIN" && viewer.scopes.includes(scope)));
  const created = (name: string, key: string) => {
    setSecret({ name, key });
    keys.reload();
  };

  /** One call: a new key with the old one's name, scopes and expiry, the old one revoked in the same transaction. */
  const rotate = async (old: ApiKey) => {
    const rotated = await client.apiKeys.rotate(old.id);
    created(rotated.apiKey.name, rotated.key);
    return `Rotated: ${rotated.previous.prefix} revoked, ${rotated.apiKey.prefix} created.`;
  };

  const columns: Column<ApiKey>[] = [
    { id: "name", header: "Name", cell: (key) => key.name, sortValue: (key) => key.name },
    { id: "prefix", header: "Prefix", cell: (key) => <code>{key.prefix}</code>, sortValue: (key) => key.prefix },
    { id: "scopes", header: "Scopes", cell: (key) => key.scopes.join(", "), sortValue: (key) => key.scopes.join(", ") },
    { id: "created", header: "Created", cell: (key) => formatDate(key.createdAt), sortValue: (key) => dateSortValue(key.createdAt) },
    { id: "lastUsed", header: "Last used", cell: (key) => formatDate(key.lastUsedAt), sortValue: (key) => dateSortValue(key.lastUsedAt) },
    { id: "expires", header: "Expires", cell: (key) => formatDate(key.expiresAt), sortValue: (key) => dateSortValue(key.expiresAt) },
    {
      id: "actions",
      header: "Actions",
      className: "actions",
      cell: (key) =>
        key.revokedAt ? (
          <span className="muted">
            revoked {formatDate(key.revokedAt)}
            {key.replacedBy ? ` · rotated to ${key.replacedBy.prefix}` : ""}
          </span>
        ) : key.id === viewer.apiKey.id ? (
          <span className="muted">this key</span>
        ) : !manages ? null : (
          <>
            <ConfirmButton
              label="Rotate"
              question={`Create a new key named ${key.name} with the same scopes and revoke ${key.prefix}?`}
              action={() => rotate(key)}
            />
            <ConfirmButton
              label="Revoke"
              danger
              question={`Revoke ${key.name} (${key.prefix})? Requests with it fail from now on.`}
              action={async () => {
                await client.apiKeys.revoke(key.id);
                keys.reload();
                return `Revoked ${key.prefix}.`;
              }}
            />
          </>
        ),
    },
  ];

  return (
    <>
      {secret ? <SecretOnce name={secret.name} secret={secret.key} onDone={() => setSecret(undefined)} /> : null}
      {manages ? (
        <CreateKeyForm session={session} grantable={grantable} onCreated={created} />
      ) : (
        <p className="muted">This key lacks the KEYS scope: it can list the tenant's keys, not create, revoke or rotate them.</p>
      )}
      <h2>Keys</h2>
      <ErrorText error={keys.error} />
      {keys.data ? <DataTable label="API keys" columns={columns} rows={keys.data} rowKey={(key) => key.id} /> : null}
    </>
  );
}

function CreateKeyForm({ session, grantable, onCreated }: { session: Session; grantable: ApiKeyScope[]; onCreated(name: string, key: string): void }) {
  const [name, setName] = useState("");
  // Least privilege by default: a new key manages no keys and is no admin unless ticked.
  const [scopes, setScopes] = useState<ApiKeyScope[]>(grantable.filter((scope) => scope !== "ADMIN" && scope !== "KEYS"));
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const result = await session.client.apiKeys.create({
        name,
        scopes,
        expiresAt: expires ? new Date(`${expires}T00:00:00Z`).toISOString() : null,
      });
      setName("");
      onCreated(result.apiKey.name, result.key);
    } catch (thrown) {
      setError(thrown);
    }
  };
  const toggle = (scope: ApiKeyScope) =>
    setScopes((current) => (current.includes(scope) ? current.filter((entry) => entry !== scope) : [...current, scope]));
  return (
    <form className="panel" onSubmit={submit} aria-label="Create an API key">
      <h2>Create a key</h2>
      <div className="fields">
        <label>
          Name
          <input name="name" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {grantable.map((scope) => (
            <label key={scope} className="inline">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {scope}
            </label>
          ))}
        </fieldset>
        <label>
          Expires (optional)
          <input type="date" value={expires} onChange={(event) => setExpires(event.target.value)} />
        </label>
      </div>
      <button type="submit" className="primary">
        Create key
      </button>
      <ErrorText error={error} />
    </form>
  );
}

/** The whole key, shown once (it is stored only as a hash), with a copy button. */
function SecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone(): void }) {
  const [copied, setCopied] = useState<string>();
  // navigator.clipboard exists only in secure contexts (https, localhost).
  const copy = () =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(secret))
      .then(
        () => setCopied("Copied."),
        () => setCopied("Could not copy: select the key and copy it by hand."),
      );
  return (
    <section className="panel secret" aria-label="New key" role="region">
      <h2>New key “{name}”</h2>
      <p>Copy it now: it is shown only this once.</p>
      <p>
        <code data-testid="new-secret">{secret}</code>
      </p>
      <div className="row">
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        {copied ? <span role="status">{copied}</span> : null}
      </div>
    </section>
  );
}
