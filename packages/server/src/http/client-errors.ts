import type http from "node:http";
import type { Duplex } from "node:stream";

/**
 * Answers requests that Node's HTTP parser refuses before Express sees them (headers over the 16 KiB limit: 431;
 * malformed requests: 400) with a JSON error body like every other error, instead of Node's empty default.
 */
export function answerClientErrorsWithJson(server: http.Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const [status, code, message] = tooLarge
      ? [431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "The request's headers are larger than 16 KiB."]
      : [400, "BAD_REQUEST", "Malformed HTTP request."];
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
