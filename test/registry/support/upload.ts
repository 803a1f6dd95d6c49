/** POST /v1/datasets as a client sends it: multipart/form-data with the file and its fields. */
export async function uploadDataset(
  baseUrl: string,
  key: string | undefined,
  file: string | Uint8Array | undefined,
  fields: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file !== undefined) form.append("file", new Blob([file as BlobPart]), "pairs.tsv");
  const response = await fetch(`${baseUrl}/v1/datasets`, {
    method: "POST",
    body: form,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}
