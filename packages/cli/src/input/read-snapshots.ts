import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { boundedLineBatches } from "./bounded-lines.js";
import { Transform } from "node:stream";
import { jsonErrorOffset } from "@tenet/parser";
import { gunzipAll, utf8Bytes } from "./decode-stream.js";
import { yamlDocuments } from "./yaml-documents.js";
import { elementLines } from "./element-lines.js";
import { jsonSyntaxError } from "./json-syntax-error.js";
import { errorRecord, type SnapshotRecord } from "./snapshot-record.js";
import { SHAPE_LIMITS, snapshotShapeProblem } from "./snapshot-shape.js";

/** NDJSON lines longer than this are refused (CP5010) instead of exhausting memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface ReadOptions {
  /** Leave NDJSON lines unparsed (`raw`), for the evaluator (or a worker thread) to parse. */
  rawLines?: boolean;
  /**
   * Read plain files on this thread (`readSync`), for a run whose workers keep every other core
   * busy: an asynchronous read then waited for the thread pool's thread to get a core, and the
   * main thread sat idle meanwhile (docs/benchmarks.md). One job keeps reading ahead on another core.
   */
  syncReads?: boolean;
  onBytes?: (n: number) => void;
}

/**
 * Bytes per read: 256 KiB gives fewer, larger batches than the 64 KiB default (measured
 * faster), while a batch's records still die young.
 */
const READ_BYTES = 1 << 18;

/**
 * Reads snapshots from files in order, yielding one record per snapshot or per unreadable
 * part. NDJSON is streamed line by line (bounded memory, output can start before input
 * ends); JSON and YAML files are read whole; `.gz` files are decompressed on the fly.
 */
export async function* readSnapshots(
  files: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
  options: ReadOptions = {},
): AsyncGenerator<SnapshotRecord> {
  for await (const batch of readSnapshotBatches(files, stdin, options)) yield* batch;
}

/** `readSnapshots` a batch at a time (the records of one read chunk): the form bulk evaluation reads. */
export async function* readSnapshotBatches(
  files: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
  options: ReadOptions = {},
): AsyncGenerator<SnapshotRecord[]> {
  let index = 0;
  for (const file of files) {
    const kind =
      file === "-"
        ? "stdin"
        : /\.(ndjson|jsonl)(\.gz)?$/i.test(file)
          ? "ndjson"
          : /\.ya?ml(\.gz)?$/i.test(file)
            ? "yaml"
            : "json";
    const stat = file === "-" ? undefined : statSync(file, { throwIfNoEntry: false });
    if (file !== "-" && stat === undefined) {
      yield [errorRecord(file, index++, undefined, "CP5001", { path: file })];
      continue;
    }
    if (stat?.isDirectory() === true) {
      yield [
        errorRecord(file, index++, undefined, "CP5002", {
          path: file,
          reason: "it holds no snapshot files (.json, .ndjson, .jsonl, .yaml, .yml, each optionally .gz)",
        }),
      ];
      continue;
    }
    const stream = (): AsyncIterable<Buffer> => {
      if (options.syncReads === true && file !== "-" && !/\.gz$/i.test(file))
        return utf8Bytes(readChunks(file, options.onBytes));
      const read = file === "-" ? stdin : createReadStream(file, { highWaterMark: READ_BYTES });
      // Bytes are counted before decompression: they are what the progress bar's total is made of.
      const raw = options.onBytes === undefined ? read : read.pipe(byteCounter(options.onBytes));
      return utf8Bytes(/\.gz$/i.test(file) ? gunzipAll(raw) : (raw as AsyncIterable<Buffer>));
    };
    try {
      if (kind === "ndjson") {
        for await (const records of ndjson(file, stream(), index, options.rawLines === true)) {
          index = records[records.length - 1]!.index + 1;
          yield records;
        }
        continue;
      }
      if (kind === "stdin") {
        // Standard input streams as NDJSON unless its first lines show one document (an array, a
        // Graph list, pretty-printed JSON, YAML); a bad first record must not turn N records into one error.
        const { lines, rest } = await firstLines(stream(), 2);
        if (streamsAsNdjson(lines[0] ?? "", lines[1] ?? "")) {
          for await (const records of ndjson(file, rest, index, options.rawLines === true)) {
            index = records[records.length - 1]!.index + 1;
            yield records;
          }
          continue;
        }
        const text = await readAll(rest);
        if (text.trim() === "") {
          yield [errorRecord(file, index++, undefined, "CP5003", { path: file })];
          continue;
        }
        yield (looksLikeJsonDocument(text) ? jsonValues(text) : yamlValues(text)).map((value) =>
          documentRecord(file, index++, value),
        );
        continue;
      }
      // A plain file's size is known: refuse an oversized document before reading any of it.
      if (!/\.gz$/i.test(file) && (stat?.size ?? 0) > MAX_DOCUMENT_BYTES) throw new Error(TOO_BIG);
      const text = await readAll(stream());
      if (text.includes("\u0000")) {
        yield [errorRecord(file, index++, undefined, "CP5009", { path: file })];
        continue;
      }
      if (text.trim() === "") {
        yield [errorRecord(file, index++, undefined, "CP5003", { path: file })];
        continue;
      }
      yield (kind === "yaml" ? yamlValues(text) : jsonValues(text)).map((value) =>
        documentRecord(file, index++, value),
      );
    } catch (error) {
      yield [
        errorRecord(file, index++, undefined, "CP5002", {
          path: file,
          reason: error instanceof Error ? error.message : String(error),
        }),
      ];
    }
  }
}

/**
 * A plain file's bytes read with `readSync`, yielding to the event loop after each chunk so
 * that a worker's replies are taken as they come.
 */
async function* readChunks(file: string, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  const fd = openSync(file, "r");
  try {
    for (;;) {
      // Its own ArrayBuffer per chunk, as a read stream has: lines are views into it.
      const chunk = Buffer.allocUnsafeSlow(READ_BYTES);
      const n = readSync(fd, chunk, 0, READ_BYTES, null);
      if (n === 0) return;
      onBytes?.(n);
      yield n === READ_BYTES ? chunk : chunk.subarray(0, n);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
}

async function* ndjson(
  file: string,
  stream: AsyncIterable<Buffer>,
  start: number,
  rawLines = false,
): AsyncGenerator<SnapshotRecord[]> {
  let line = 0;
  let index = start;
  for await (const lines of boundedLineBatches(stream, MAX_LINE_BYTES, !rawLines)) {
    const records: SnapshotRecord[] = [];
    for (const piece of lines) {
      line++;
      if (piece.tooLong === true) {
        records.push(errorRecord(file, index++, line, "CP5010", { limit: MAX_LINE_BYTES }));
        continue;
      }
      if (piece.bytes !== undefined) {
        if (!isBlank(piece.bytes)) records.push({ source: file, line, index: index++, raw: piece.bytes });
        continue;
      }
      const text = piece.text;
      if (text.trim() === "") continue;
      try {
        records.push({ source: file, line, index: index++, value: JSON.parse(text) as unknown });
      } catch {
        records.push(errorRecord(file, index - 1, line, "CP5004", { format: "JSON", reason: jsonSyntaxError(text) }));
      }
    }
    if (records.length > 0) yield records;
  }
}

/**
 * A record of a JSON or YAML document. An element too deep or too large (a YAML alias bomb)
 * becomes its error here, before anything hashes, copies or walks it.
 */
type DocumentPart = { value?: unknown; text?: unknown; line?: number; error?: SnapshotRecord["error"] };

function documentRecord(file: string, index: number, part: DocumentPart): SnapshotRecord {
  const problem = part.error === undefined ? snapshotShapeProblem(part.value) : undefined;
  if (problem !== undefined) return errorRecord(file, index, part.line, "CP5061", { problem, ...SHAPE_LIMITS });
  return { source: file, index, ...part };
}

/**
 * A JSON file holds one snapshot, an array of them, or a Graph list response `{ "value": [...] }`;
 * list elements carry the line they start on.
 */
function jsonValues(text: string): DocumentPart[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return [
      { error: errorRecord("", 0, undefined, "CP5004", { format: "JSON", reason: jsonSyntaxError(text) }).error! },
    ];
  }
  const values = unwrapList(parsed);
  const lines = values.length === 1 && !Array.isArray(parsed) && values[0] === parsed ? undefined : elementLines(text);
  return values.map((value, i) => (lines?.[i] === undefined ? { value } : { value, line: lines[i] }));
}

function yamlValues(text: string): DocumentPart[] {
  return yamlDocuments(text).flatMap((doc): DocumentPart[] => {
    if (doc.error !== undefined)
      return [
        { line: doc.line, error: errorRecord("", 0, doc.line, "CP5004", { format: "YAML", reason: doc.error }).error! },
      ];
    const values = unwrapList(doc.value);
    const texts = unwrapList(doc.text);
    return values.map((value, i) => ({ value, ...(texts.length === values.length ? { text: texts[i] } : {}) }));
  });
}

function unwrapList(parsed: unknown): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (parsed !== null && typeof parsed === "object" && Array.isArray((parsed as { value?: unknown }).value))
    return (parsed as { value: unknown[] }).value;
  return [parsed];
}

/**
 * Whether standard input is NDJSON, judged from its first two non-blank lines so that a broken
 * first record (invalid, truncated, binary) is that record's error only. A first line that is a
 * Graph list or an array, or JSON that merely stops early (`{` of pretty-printed JSON), starts
 * one document; so does anything else whose second line is not an object.
 */
function streamsAsNdjson(first: string, second: string): boolean {
  const head = first.trim();
  const next = second.trim();
  if (head.startsWith("[")) return false;
  if (head.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(head);
      return !(parsed !== null && typeof parsed === "object" && Array.isArray((parsed as { value?: unknown }).value));
    } catch {
      // Wrong before its end, the line was meant as a whole record; merely unfinished, it may open a document.
      return jsonErrorOffset(head) < head.length || next.startsWith("{");
    }
  }
  if (!next.startsWith("{")) return false;
  try {
    const parsed: unknown = JSON.parse(next);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Reads up to `count` non-blank lines; `rest` replays everything (those lines included). */
async function firstLines(
  stream: AsyncIterable<Buffer>,
  count: number,
): Promise<{ lines: string[]; rest: AsyncIterable<Buffer> }> {
  const chunks: Buffer[] = [];
  const iterator = stream[Symbol.asyncIterator]();
  let lines: string[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    chunks.push(next.value);
    size += next.value.length;
    const text = Buffer.concat(chunks).toString("utf8");
    const complete = text.split("\n");
    complete.pop();
    lines = complete.filter((l) => l.trim() !== "");
    // Past two long lines' worth the choice is made on what was read.
    if (lines.length >= count || size > 2 * MAX_LINE_BYTES) break;
    if (lines.length === 0) lines = [text];
  }
  if (lines.length === 0 && chunks.length > 0) lines = [Buffer.concat(chunks).toString("utf8")];
  async function* replay() {
    yield Buffer.concat(chunks);
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { lines, rest: replay() };
}

function looksLikeJsonDocument(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) return true;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

function byteCounter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/** JSON and YAML documents are parsed whole; past this size they would exhaust memory (NDJSON streams instead). */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
const TOO_BIG =
  `a JSON or YAML document over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB is not read whole; ` +
  "export it as NDJSON (one device per line) to stream it";

async function readAll(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_DOCUMENT_BYTES) {
      throw new Error(TOO_BIG);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a record read with `rawLines` (on whichever thread evaluates it). */
export function parseRaw(record: SnapshotRecord): SnapshotRecord {
  const text = record.rawText ?? (record.raw === undefined ? undefined : rawText(record.raw));
  if (text === undefined) return record;
  try {
    const value = JSON.parse(text) as unknown;
    // Two literals rather than a spread, which copied an object per record.
    return record.line === undefined
      ? { source: record.source, index: record.index, value }
      : { source: record.source, index: record.index, line: record.line, value };
  } catch {
    return errorRecord(record.source, record.index, record.line, "CP5004", {
      format: "JSON",
      reason: jsonSyntaxError(text),
    });
  }
}

/** The text of a raw NDJSON line (its bytes are UTF-8: `utf8Bytes` transcoded anything else). */
export function rawText(raw: Uint8Array): string {
  // Lines read on this thread are Buffers already: no view to make per line. `toString()`
  // without arguments is UTF-8 on Buffer's fast path (an encoding argument is looked up first).
  return (Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).toString();
}

/** Whether a line is only whitespace, as `text.trim() === ""` decides, without decoding an ASCII line. */
function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    return byte < 0x80 ? false : rawText(bytes).trim() === "";
  }
  return true;
}
