import { tinyModelSentences } from "./tiny-model.js";

export interface DocumentUpload {
  content: string;
  filename: string;
  /** Text fields (model, sourceLanguage, targetLanguage, format, ...). */
  fields?: Record<string, string>;
  idempotencyKey?: string;
}

export interface RestResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: T;
}

/** POST /v1/documents as multipart/form-data. */
export async function uploadDocument(baseUrl: string, key: string, upload: DocumentUpload): Promise<RestResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields ?? {})) form.append(name, value);
  form.append("file", new Blob([upload.content]), upload.filename);
  const response = await fetch(`${baseUrl}/v1/documents`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, ...(upload.idempotencyKey ? { "idempotency-key": upload.idempotencyKey } : {}) },
    body: form,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** GET /v1/documents/:id/result: the text of the translated document, or the JSON error. */
export async function downloadDocument(baseUrl: string, key: string, id: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${baseUrl}/v1/documents/${id}/result`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * A plain-text document of at least `characters` code points in the tiny model's made-up language: numbered
 * paragraphs of five sentences, separated by blank lines. Returns it with its paragraph count.
 */
export async function longTextDocument(characters: number): Promise<{ text: string; paragraphs: number }> {
  const sentences = (await tinyModelSentences(50)).filter((sentence) => sentence.trim() !== "");
  const paragraphs: string[] = [];
  let length = 0;
  for (let index = 0; length < characters; index += 1) {
    const paragraph = Array.from({ length: 5 }, (_, offset) => `${sentences[(index * 5 + offset) % sentences.length]}.`).join(" ");
    paragraphs.push(paragraph);
    length += [...paragraph].length + 2;
  }
  return { text: `${paragraphs.join("\n\n")}\n`, paragraphs: paragraphs.length };
}

export const DOCUMENT_QUERY = `query D($id: ID!) {
  document(id: $id) { id filename format status progress secondsRemaining billedCharacters translatedCharacters segmentCount
    attempts modelName modelVersion error { code message } createdAt finishedAt expiresAt }
}`;
