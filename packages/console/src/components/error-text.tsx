import { APIError } from "@parley/sdk";

/** An API error's message and code as text (role=alert), with the request id to quote. */
export function ErrorText({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof APIError ? error.requestId : undefined;
  return (
    <p className="error" role="alert">
      {message}
      {requestId ? <span className="muted"> (request {requestId})</span> : null}
    </p>
  );
}

/** Dataset validation issues carried by a 400 from POST /v1/datasets: `{ line, code, message }`. */
export interface DatasetIssue {
  line: number;
  code: string;
  message: string;
}

export function datasetIssues(error: unknown): DatasetIssue[] {
  if (!(error instanceof APIError)) return [];
  const issues = error.errors[0]?.extensions?.issues;
  return Array.isArray(issues) ? (issues as DatasetIssue[]) : [];
}
