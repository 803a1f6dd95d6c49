import type { Tenant } from "@parley/sdk";
import { useState, type FormEvent } from "react";
import { DataTable } from "../components/data-table.js";
import { ErrorText } from "../components/error-text.js";
import { formatDate, formatNumber } from "../format.js";
import type { Session } from "../session.js";
import { useAsync } from "../use-async.js";

const LIMIT_FIELDS = [
  ["monthlyCharacterQuota", "Monthly characters"],
  ["requestsPerMinute", "Requests per minute"],
  ["maxConcurrentRequests", "Concurrent requests"],
  ["maxBatchSize", "Batch size"],
  ["maxTextLength", "Text length"],
  ["monthlyTrainingMinutes", "Training minutes"],
] as const;

type LimitName = (typeof LIMIT_FIELDS)[number][0];

/** ADMIN keys: every tenant with its quota use and limits; create and edit tenants. */
export function AdminPage({ session }: { session: Session }) {
  const tenants = useAsync(() => session.client.tenants.list({ first: 100 }).toArray(), []);
  const [editing, setEditing] = useState<string>();
  const total = (tenants.data ?? []).reduce((sum, tenant) => sum + tenant.quota.used, 0);
  return (
    <>
      <CreateTenantForm session={session} onCreated={tenants.reload} />
      <h2>Tenants</h2>
      <ErrorText error={tenants.error} />
      {tenants.data ? <p className="muted">{formatNumber(total)} characters used this period across {tenants.data.length} tenants.</p> : null}
      <DataTable
        label="Tenants"
        rows={tenants.data ?? []}
        rowKey={(tenant) => tenant.id}
        columns={[
          {
            id: "name",
            header: "Tenant",
            sortValue: (tenant) => tenant.name,
            cell: (tenant) => (
              <>
                {tenant.name}
                <div className="muted">since {formatDate(tenant.createdAt)}</div>
              </>
            ),
          },
          {
            id: "used",
            header: "Used this period",
            sortValue: (tenant) => tenant.quota.used,
            cell: (tenant) => (
              <>
                <meter min={0} max={Math.max(tenant.quota.limit, 1)} value={tenant.quota.used} aria-label={`Quota used by ${tenant.name}`} />{" "}
                {formatNumber(tenant.quota.used)}
              </>
            ),
          },
          ...LIMIT_FIELDS.map(([name, label]) => ({
            id: name,
            header: label,
            numeric: true,
            sortValue: (tenant: Tenant) => tenant.limits[name],
            cell: (tenant: Tenant) => formatNumber(tenant.limits[name]),
          })),
          {
            id: "actions",
            header: "Actions",
            className: "actions",
            cell: (tenant) => (
              <>
                <button type="button" onClick={() => setEditing(editing === tenant.id ? undefined : tenant.id)} aria-expanded={editing === tenant.id}>
                  Edit {tenant.name}
                </button>
                <a href={`/console/?tenant=${encodeURIComponent(tenant.id)}`}>Overview</a>
              </>
            ),
          },
        ]}
      />
      {editing && tenants.data?.find((tenant) => tenant.id === editing) ? (
        <EditTenantForm
          session={session}
          tenant={tenants.data.find((tenant) => tenant.id === editing)!}
          onSaved={() => {
            setEditing(undefined);
            tenants.reload();
          }}
        />
      ) : null}
    </>
  );
}

function numbersOf(values: Record<LimitName, string>): Partial<Record<LimitName, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== "").map(([name, value]) => [name, Number(value)]));
}

function LimitInputs({ values, onChange }: { values: Record<LimitName, string>; onChange(values: Record<LimitName, string>): void }) {
  return (
    <div className="fields">
      {LIMIT_FIELDS.map(([name, label]) => (
        <label key={name}>
          {label}
          <input type="number" min={0} name={name} value={values[name]} onChange={(event) => onChange({ ...values, [name]: event.target.value })} />
        </label>
      ))}
    </div>
  );
}

const emptyLimits = (): Record<LimitName, string> =>
  Object.fromEntries(LIMIT_FIELDS.map(([name]) => [name, ""])) as Record<LimitName, string>;

function EditTenantForm({ session, tenant, onSaved }: { session: Session; tenant: Tenant; onSaved(): void }) {
  const [values, setValues] = useState(
    () => Object.fromEntries(LIMIT_FIELDS.map(([name]) => [name, String(tenant.limits[name])])) as Record<LimitName, string>,
  );
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await session.client.tenants.updateLimits({ tenantId: tenant.id, ...numbersOf(values) });
      onSaved();
    } catch (thrown) {
      setError(thrown);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-label={`Edit ${tenant.name}`}>
      <h2>Limits of {tenant.name}</h2>
      <LimitInputs values={values} onChange={setValues} />
      <button type="submit" className="primary">
        Save limits
      </button>
      <ErrorText error={error} />
    </form>
  );
}

function CreateTenantForm({ session, onCreated }: { session: Session; onCreated(): void }) {
  const [name, setName] = useState("");
  const [values, setValues] = useState(emptyLimits);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const tenant = await session.client.tenants.create({ name, ...numbersOf(values) });
      setResult(`Created ${tenant.name}.`);
      setName("");
      setValues(emptyLimits());
      onCreated();
    } catch (thrown) {
      setError(thrown);
    }
  };
  return (
    <details className="panel">
      <summary>New tenant</summary>
      <form onSubmit={submit} aria-label="Create a tenant">
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <p className="muted">Empty limits take the platform's defaults.</p>
        <LimitInputs values={values} onChange={setValues} />
        <button type="submit" className="primary">
          Create tenant
        </button>
        {result ? <span role="status">{result}</span> : null}
        <ErrorText error={error} />
      </form>
    </details>
  );
}
