/** One line of a stream, or the marker of a line longer than the limit. */
export type Line = { text: string; tooLong?: undefined } | { text?: undefined; tooLong: true };

/**
 * Splits a byte stream into lines without ever holding more than `limit` bytes of one line:
 * a longer line is skipped to its end and reported as `tooLong`, so a 1 GB single-line file
 * costs no more memory than a short one. Yields the lines completed by each chunk together:
 * one promise per chunk rather than per line is most of the cost of reading a large fleet.
 */
export async function* boundedLineBatches(
  stream: AsyncIterable<Buffer | string>,
  limit: number,
): AsyncGenerator<Line[]> {
  // The start of a line that continues in a later chunk.
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const carried = (last: Buffer, from: number, end: number): Line => {
    if (overflow) return { tooLong: true };
    if (end > from) parts.push(last.subarray(from, end));
    return { text: stripCr(Buffer.concat(parts).toString("utf8")) };
  };
  for await (const raw of stream) {
    const chunk = typeof raw === "string" ? Buffer.from(raw) : (raw as Buffer);
    const lines: Line[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      const end = nl < 0 ? chunk.length : nl;
      if (!overflow && size + (end - from) > limit) {
        overflow = true;
        parts = [];
      }
      if (nl < 0) {
        if (!overflow && end > from) {
          parts.push(chunk.subarray(from, end));
          size += end - from;
        }
        break;
      }
      // A line inside one chunk is decoded straight from it, without a copy.
      lines.push(
        size === 0 && !overflow ? { text: stripCr(chunk.toString("utf8", from, end)) } : carried(chunk, from, end),
      );
      parts = [];
      size = 0;
      overflow = false;
      from = nl + 1;
    }
    if (lines.length > 0) yield lines;
  }
  if (size > 0 || overflow) yield [carried(Buffer.alloc(0), 0, 0)];
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
