/**
 * Splits a byte stream into lines without ever holding more than `limit` bytes of one line:
 * a longer line is skipped to its end and reported as `tooLong`, so a 1 GB single-line file
 * costs no more memory than a short one.
 */
export async function* boundedLines(stream: NodeJS.ReadableStream, limit: number): AsyncGenerator<{ text?: string; tooLong?: true }> {
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const finish = (): { text?: string; tooLong?: true } => {
    const result: { text?: string; tooLong?: true } = overflow ? { tooLong: true } : { text: stripCr(Buffer.concat(parts, size).toString("utf8")) };
    parts = [];
    size = 0;
    overflow = false;
    return result;
  };
  for await (const raw of stream) {
    const chunk = typeof raw === "string" ? Buffer.from(raw) : (raw as Buffer);
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      const end = nl < 0 ? chunk.length : nl;
      if (!overflow) {
        if (size + (end - from) > limit) {
          overflow = true;
          parts = [];
        } else if (end > from) {
          parts.push(chunk.subarray(from, end));
          size += end - from;
        }
      }
      if (nl < 0) break;
      yield finish();
      from = nl + 1;
    }
  }
  if (size > 0 || overflow) yield finish();
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
