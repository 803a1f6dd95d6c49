import type { ApiKey, Tenant, UsageReport } from "@parley/sdk";
import { useMemo } from "react";
import { DataTable } from "../components/data-table.js";
import { ErrorText } from "../components/error-text.js";
import { LineChart } from "../components/line-chart.js";
import { formatDate, formatNumber } from "../format.js";
import type { Session } from "../session.js";
import { useAsync } from "../use-async.js";

interface OverviewData {
  tenant: Tenant;
  byDay: UsageReport;
  byModel: UsageReport;
  byKey: UsageReport;
  keys: ApiKey[];
}

/** The billing period that ends at `resetsAt`: calendar months in UTC. */
function periodStart(resetsAt: string): Date {
  const end = new Date(resetsAt);
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
}

/** Usage against the quota this period, by day, model and key; the tenant's limits. Admins may pass ?tenant=<id>. */
export function OverviewPage({ session }: { session: Session }) {
  const { client, viewer } = session;
  const tenantId = viewer.scopes.includes("ADMIN") ? new URLSearchParams(window.location.search).get("tenant") : null;
  const state = useAsync<OverviewData>(async () => {
    const tenant = tenantId ? await client.tenants.retrieve(tenantId) : (await client.viewer()).tenant;
    const range = { from: periodStart(tenant.quota.resetsAt), to: tenant.quota.resetsAt, ...(tenantId ? { tenantId } : {}) };
    const [byDay, byModel, byKey, keys] = await Promise.all([
      client.usage.retrieve({ ...range, groupBy: "DAY" }),
      client.usage.retrieve({ ...range, groupBy: "MODEL" }),
      client.usage.retrieve({ ...range, groupBy: "API_KEY" }),
      client.apiKeys.list(tenantId ? { tenantId } : {}),
    ]);
    return { tenant, byDay, byModel, byKey, keys };
  }, [tenantId]);

  if (state.error) return <ErrorText error={state.error} />;
  if (!state.data) return <p className="loading">Loading…</p>;
  return <Overview data={state.data} />;
}

function Overview({ data }: { data: OverviewData }) {
  const { tenant, byDay, byModel, byKey, keys } = data;
  const { quota, limits } = tenant;
  const share = quota.limit > 0 ? quota.used / quota.limit : 1;
  const chart = useMemo(() => dailySeries(byDay, periodStart(quota.resetsAt)), [byDay, quota.resetsAt]);
  const keyName = (id: string) => {
    const key = keys.find((candidate) => candidate.id === id);
    return key ? `${key.name} (${key.prefix})` : id;
  };
  return (
    <>
      <p className="muted">Tenant {tenant.name}</p>
      {share >= 1 ? (
        <p className="warning critical" role="alert">
          The monthly character quota is used up: translations are refused until {formatDate(quota.resetsAt)}.
        </p>
      ) : share >= 0.8 ? (
        <p className="warning" role="alert">
          {Math.floor(share * 100)}% of the monthly character quota is used.
        </p>
      ) : null}
      <section className="cards" aria-label="This period">
        <div className="card">
          <h2>Characters this period</h2>
          <p className="big" data-testid="quota-used">
            {formatNumber(quota.used)} <span className="muted">/ {formatNumber(quota.limit)}</span>
          </p>
          <meter min={0} max={1} low={0.8} high={0.99} optimum={0} value={Math.min(share, 1)} aria-label="Quota used" />
          <p className="muted">Resets {formatDate(quota.resetsAt)}</p>
        </div>
        <div className="card">
          <h2>Requests</h2>
          <p className="big">{formatNumber(byDay.totals.requests)}</p>
          <p className="muted">{formatNumber(byDay.totals.billedCharacters)} billed characters</p>
        </div>
        <div className="card">
          <h2>Training minutes</h2>
          <p className="big">
            {quota.trainingMinutesUsed.toFixed(1)} <span className="muted">/ {formatNumber(quota.trainingMinutesLimit)}</span>
          </p>
        </div>
      </section>
      <section>
        <h2>Billed characters by day</h2>
        <LineChart title="Billed characters by day" x={chart.x} time bars series={[{ label: "billed characters", values: chart.values, color: "#3558d8" }]} />
      </section>
      <div className="split">
        <UsageTable title="By model" report={byModel} label={(key) => key} />
        <UsageTable title="By API key" report={byKey} label={keyName} />
      </div>
      <section>
        <h2>Limits</h2>
        <dl className="limits" data-testid="limits">
          <dt>Monthly characters</dt>
          <dd>{formatNumber(limits.monthlyCharacterQuota)}</dd>
          <dt>Requests per minute (per key)</dt>
          <dd>{formatNumber(limits.requestsPerMinute)}</dd>
          <dt>Concurrent requests</dt>
          <dd>{formatNumber(limits.maxConcurrentRequests)}</dd>
          <dt>Batch size</dt>
          <dd>{formatNumber(limits.maxBatchSize)}</dd>
          <dt>Text length (characters)</dt>
          <dd>{formatNumber(limits.maxTextLength)}</dd>
          <dt>Training minutes per month</dt>
          <dd>{formatNumber(limits.monthlyTrainingMinutes)}</dd>
        </dl>
      </section>
    </>
  );
}

function UsageTable({ title, report, label }: { title: string; report: UsageReport; label(key: string): string }) {
  return (
    <section>
      <h2>{title}</h2>
      {report.groups.length === 0 ? (
        <p className="muted">No usage this period.</p>
      ) : (
        <DataTable
          label={`Usage ${title.toLowerCase()}`}
          rows={report.groups}
          rowKey={(group) => group.key}
          initialSort={{ column: "billed", direction: "descending" }}
          columns={[
            { id: "key", header: title.replace("By ", ""), cell: (group) => label(group.key), sortValue: (group) => label(group.key) },
            { id: "requests", header: "Requests", numeric: true, cell: (group) => formatNumber(group.requests), sortValue: (group) => group.requests },
            { id: "billed", header: "Billed characters", numeric: true, cell: (group) => formatNumber(group.billedCharacters), sortValue: (group) => group.billedCharacters },
          ]}
        />
      )}
    </section>
  );
}

/** One bar per day of the period so far (days without usage are 0); x in unix seconds. */
function dailySeries(report: UsageReport, start: Date): { x: number[]; values: number[] } {
  const byDay = new Map(report.groups.map((group) => [group.key, group.billedCharacters]));
  const x: number[] = [];
  const values: number[] = [];
  const today = Date.now();
  for (let day = start.getTime(); day <= today; day += 86_400_000) {
    x.push(day / 1000);
    values.push(byDay.get(new Date(day).toISOString().slice(0, 10)) ?? 0);
  }
  return { x, values };
}
