import { errorFromResponse } from "./error-mapping.js";
import { APIError } from "./errors.js";

/** One server-sent event: its name and JSON data. */
export interface ServerSentEvent {
  event: string;
  data: unknown;
}

/**
 * The events of a text/event-stream response body, parsed as they arrive. An `error` event is thrown as the typed
 * error its body names (as for any other response). Breaking out of the loop cancels the body, which closes the
 * connection.
 */
export async function* serverSentEvents(response: Response): AsyncGenerator<ServerSentEvent> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value.replaceAll("\r\n", "\n");
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const parsed = parseBlock(block);
        if (!parsed) continue;
        if (parsed.event === "error") {
          throw errorFromResponse(500, response.headers, parsed.data) ?? new APIError("The stream failed.", { body: parsed.data });
        }
        yield parsed;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return undefined;
  return { event, data: JSON.parse(data.join("\n")) as unknown };
}
