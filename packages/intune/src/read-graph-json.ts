import { emptySpan, jsonErrorOffset, makeDiagnostic, type Diagnostic, type Span } from "@tenet/parser";

/**
 * Decodes an export file as Intune, Graph Explorer and PowerShell write them: UTF-8 with or
 * without a byte-order mark, or UTF-16 (LE or BE) with a byte-order mark. Windows
 * PowerShell 5.1 `Out-File` writes UTF-16LE; a file that starts with `{`/`[` followed by a
 * NUL byte is read as UTF-16LE even without the mark.
 */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[1] === 0 && bytes[0] !== 0) return new TextDecoder("utf-16le").decode(bytes);
  const text = new TextDecoder("utf-8").decode(bytes);
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** What `readGraphObjects` found in one export file. */
export interface GraphObjects {
  objects: Record<string, unknown>[];
  diagnostics: Diagnostic[];
  /** The decoded text, for rendering diagnostics and locating properties. */
  text: string;
}

/** The span of `offset` in `text` (1-based line and column; CRLF counts as one line end). */
export function spanAt(text: string, file: string, offset: number, length = 0): Span {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const span = emptySpan(file);
  span.start = { line, column, offset };
  span.end = { line, column: column + length, offset: offset + length };
  return span;
}

function describe(value: unknown): string {
  return value === null
    ? "null"
    : Array.isArray(value)
      ? "an array"
      : typeof value === "object"
        ? "an object"
        : `a ${typeof value}`;
}

/**
 * Reads Graph JSON: one object, an array of objects, or a list response `{ "value": [...] }`
 * (with or without `@odata.*` annotations). Bytes are decoded with `decodeExport`. A syntax
 * error is one diagnostic (CP5004) naming the file, line and column; a list item that is not
 * an object is named by its position.
 */
export function readGraphObjects(input: Uint8Array | string, file: string): GraphObjects {
  const decoded = typeof input === "string" ? input : decodeExport(input);
  const text = decoded.startsWith("\uFEFF") ? decoded.slice(1) : decoded;
  if (text.trim() === "")
    return { objects: [], text, diagnostics: [makeDiagnostic("CP5003", emptySpan(file), { path: file })] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const span = spanAt(text, file, offset, offset < text.length ? 1 : 0);
    const found =
      offset < text.length
        ? `\`${text[offset]!.replace(/[\u0000-\u001f]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\``
        : "end of input";
    const reason = `unexpected ${found} at line ${span.start.line}, column ${span.start.column}`;
    return { objects: [], text, diagnostics: [makeDiagnostic("CP5004", span, { format: "JSON", reason })] };
  }
  const isList =
    parsed !== null &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Array.isArray((parsed as { value?: unknown }).value);
  const items: unknown[] = Array.isArray(parsed) ? parsed : isList ? (parsed as { value: unknown[] }).value : [parsed];
  const objects: Record<string, unknown>[] = [];
  const diagnostics: Diagnostic[] = [];
  items.forEach((item, index) => {
    if (item !== null && typeof item === "object" && !Array.isArray(item))
      objects.push(item as Record<string, unknown>);
    else {
      const reason =
        items.length === 1 && !Array.isArray(parsed) && !isList
          ? `the file holds ${describe(item)}, not a policy object`
          : `item ${index + 1} of the list is ${describe(item)}, not a policy object`;
      diagnostics.push(makeDiagnostic("CP5004", emptySpan(file), { format: "Graph export", reason }));
    }
  });
  return { objects, diagnostics, text };
}
