import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";

export interface ReceivedFile {
  /** Temporary file holding the upload; the caller moves or removes it. */
  path: string;
  bytes: number;
  sha256: string;
  /** The part's file name as the client sent it, if any. */
  filename?: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ReceivedFile | undefined;
}

/** The upload is over the size limit; nothing of it is kept. */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file is larger than the limit of ${maxBytes} bytes`);
  }
}

/** The body is not a well-formed multipart/form-data upload. */
export class MalformedUploadError extends Error {}

/** Room for the multipart envelope and the text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Streams a multipart/form-data body: text fields into memory, the one `file`
 * part to a temporary file (hashed on the way), never more than `maxBytes`.
 */
export async function receiveUpload(request: IncomingMessage, tempDir: string, maxBytes: number): Promise<ReceivedUpload> {
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes + ENVELOPE_BYTES) throw new UploadTooLargeError(maxBytes);
  if (!/^multipart\/form-data/i.test(request.headers["content-type"] ?? "")) {
    throw new MalformedUploadError("expected a multipart/form-data body with a `file` part");
  }
  await mkdir(tempDir, { recursive: true });
  const tempFile = path.join(tempDir, `${randomUUID()}.part`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes, fields: 16, fieldSize: 4096 } });
  } catch (error) {
    throw new MalformedUploadError((error as Error).message);
  }
  const fields: Record<string, string> = {};
  let writing: Promise<ReceivedFile> | undefined;
  let truncated = false;
  let unexpectedFile: string | undefined;

  // Every emitter below keeps an error listener for its whole life: busboy can
  // emit more than one error (a malformed part fails the part's stream and the
  // parser), and an 'error' without a listener ends the process.
  let bodyError: MalformedUploadError | undefined;
  const failure = new Promise<never>((_resolve, reject) => {
    const fail = (error: MalformedUploadError) => {
      bodyError ??= error;
      reject(bodyError);
    };
    parser.on("error", (error: Error) => fail(new MalformedUploadError(error.message)));
    request.on("error", (error: Error) => fail(new MalformedUploadError(`the body could not be read (${error.message})`)));
  });
  failure.catch(() => undefined);

  parser.on("field", (name, value) => {
    fields[name] = value;
  });
  parser.on("file", (name, stream, info: { filename?: string }) => {
    stream.on("error", () => undefined); // reported through the parser, or through `writing` below
    if (name !== "file" || writing) {
      unexpectedFile = name;
      stream.resume();
      return;
    }
    stream.once("limit", () => {
      truncated = true;
    });
    const counter = new HashingCounter();
    writing = pipeline(stream, counter, createWriteStream(tempFile)).then(() => ({
      path: tempFile,
      bytes: counter.bytes,
      sha256: counter.digest(),
      ...(info.filename ? { filename: info.filename } : {}),
    }));
    // Awaited below unless the body fails first; never left as an unhandled rejection.
    writing.catch(() => undefined);
  });

  try {
    const closed = new Promise<void>((resolve) => parser.once("close", resolve));
    request.pipe(parser);
    await Promise.race([failure, closed]);
    const file = await Promise.race([failure, writing]);
    if (truncated) throw new UploadTooLargeError(maxBytes);
    if (unexpectedFile !== undefined) {
      throw new MalformedUploadError(`unexpected file part "${unexpectedFile}": send one part named "file"`);
    }
    return { fields, file };
  } catch (error) {
    request.unpipe(parser);
    parser.destroy();
    await rm(tempFile, { force: true });
    // The file part fails with the parser's error; report the body, not the part.
    throw bodyError ?? error;
  }
}

class HashingCounter extends Transform {
  bytes = 0;
  private readonly hash = createHash("sha256");

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}
