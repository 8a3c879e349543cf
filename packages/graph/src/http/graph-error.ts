/** A Graph response that is not a success after retries, with Graph's own error code and message. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly graphCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "GraphHttpError";
  }
}

/** Reads `{ "error": { "code", "message" } }`, the error body Graph documents; falls back to the status text. */
export function graphErrorOf(status: number, url: string, body: string, statusText: string): GraphHttpError {
  let code: string | undefined;
  let message = statusText === "" ? `HTTP ${status}` : `HTTP ${status} ${statusText}`;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === "string") code = parsed.error.code;
    if (typeof parsed.error?.message === "string" && parsed.error.message !== "")
      message = `HTTP ${status}: ${parsed.error.message}`;
  } catch {
    // Not JSON (a proxy's HTML page, say): the status line is all there is.
  }
  return new GraphHttpError(status, url, code, message);
}
