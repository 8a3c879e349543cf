/** One line of a stream (as text, or as its UTF-8 bytes when not decoded), or the marker of a line longer than the limit. */
export type Line =
  | { text: string; bytes?: undefined; tooLong?: undefined }
  | { bytes: Buffer; text?: undefined; tooLong?: undefined }
  | { text?: undefined; bytes?: undefined; tooLong: true };

/**
 * Splits a byte stream into lines without ever holding more than `limit` bytes of one line:
 * a longer line is skipped to its end and reported as `tooLong`, so a 1 GB single-line file
 * costs no more memory than a short one. Yields the lines completed by each chunk together:
 * one promise per chunk rather than per line is most of the cost of reading a large fleet.
 * With `decode` false a line is its bytes (a view into the chunk, `\r` stripped), for a
 * thread that will decode it itself.
 */
export async function* boundedLineBatches(
  stream: AsyncIterable<Buffer | string>,
  limit: number,
  decode = true,
): AsyncGenerator<Line[]> {
  // The start of a line that continues in a later chunk.
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const lineOf = (chunk: Buffer, from: number, end: number): Line => {
    if (!decode) return { bytes: chunk.subarray(from, end > from && chunk[end - 1] === 13 ? end - 1 : end) };
    return { text: stripCr(chunk.toString("utf8", from, end)) };
  };
  const carried = (last: Buffer, from: number, end: number): Line => {
    if (overflow) return { tooLong: true };
    if (end > from) parts.push(last.subarray(from, end));
    const whole = Buffer.concat(parts);
    return lineOf(whole, 0, whole.length);
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
      lines.push(size === 0 && !overflow ? lineOf(chunk, from, end) : carried(chunk, from, end));
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
