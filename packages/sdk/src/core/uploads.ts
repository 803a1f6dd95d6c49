/** What `datasets.upload` accepts as a file: a Blob/File, raw bytes, or the file's text. */
export type Uploadable = Blob | Uint8Array | ArrayBuffer | string;

/** The multipart form for POST /v1/datasets. */
export function multipartForm(file: Uploadable, filename: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", toBlob(file), fileName(file) ?? filename);
  return form;
}

function toBlob(file: Uploadable): Blob {
  if (typeof file === "string") return new Blob([file], { type: "text/tab-separated-values" });
  if (file instanceof Blob) return file;
  // Copied into an ArrayBuffer-backed array: Blob refuses SharedArrayBuffer views.
  return new Blob([file instanceof ArrayBuffer ? file : new Uint8Array(file)]);
}

function fileName(file: Uploadable): string | undefined {
  const name = (file as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}
