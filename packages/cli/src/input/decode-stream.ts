import { createGunzip } from "node:zlib";
import { TextDecoder } from "node:util";

/** Decompressed bytes held while the reader is behind; past this the decompressor pauses. */
const HELD = 1 << 20;

/**
 * Gunzips a stream, yielding every byte decoded before a failure and only then throwing it.
 * Piping into `createGunzip()` and iterating loses the output still buffered when the
 * decompressor fails (a truncated file), by an amount that depends on how fast output drains.
 */
export async function* gunzipAll(source: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const queue: Buffer[] = [];
  let held = 0;
  let failure: unknown;
  let ended = false;
  let wake = () => {};
  gunzip.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    held += chunk.length;
    if (held > HELD) gunzip.pause();
    wake();
  });
  gunzip.on("error", (error) => {
    failure = error;
    ended = true;
    wake();
  });
  gunzip.on("end", () => {
    ended = true;
    wake();
  });
  source.on("error", (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk !== undefined) {
        held -= chunk.length;
        if (held <= HELD / 2 && gunzip.isPaused()) gunzip.resume();
        yield chunk;
        continue;
      }
      if (ended) {
        if (failure !== undefined) throw failure;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    source.unpipe(gunzip);
    gunzip.destroy();
  }
}

/**
 * Text as UTF-8 bytes whatever it was written in: a UTF-8 byte-order mark is dropped, and
 * UTF-16 with a mark (Windows PowerShell 5.1 `Out-File`) is transcoded, the way the Intune
 * importer reads Graph exports. Other bytes pass through untouched.
 */
export async function* utf8Bytes(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let decoder: TextDecoder | undefined;
  let decided = false;
  for await (const raw of source) {
    const chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
    if (!decided) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) continue;
      decided = true;
      const [a, b, c] = head;
      if (a === 0xef && b === 0xbb && c === 0xbf) head = head.subarray(3);
      else if (a === 0xff && b === 0xfe) decoder = new TextDecoder("utf-16le");
      else if (a === 0xfe && b === 0xff) decoder = new TextDecoder("utf-16be");
      if (decoder !== undefined) head = head.subarray(2);
      const first = decoder === undefined ? head : Buffer.from(decoder.decode(head, { stream: true }), "utf8");
      if (first.length > 0) yield first;
      continue;
    }
    yield decoder === undefined ? chunk : Buffer.from(decoder.decode(chunk, { stream: true }), "utf8");
  }
  if (!decided && head.length > 0) {
    const [a, b] = head;
    if (a === 0xff && b === 0xfe) yield Buffer.from(new TextDecoder("utf-16le").decode(head.subarray(2)), "utf8");
    else if (a === 0xfe && b === 0xff) yield Buffer.from(new TextDecoder("utf-16be").decode(head.subarray(2)), "utf8");
    else yield head;
  } else if (decoder !== undefined) {
    const rest = decoder.decode();
    if (rest !== "") yield Buffer.from(rest, "utf8");
  }
}
