import { emptySpan, makeDiagnostic, type Diagnostic, type Span } from "@tenet/parser";

/** Decodes an export file as Intune and the Graph API write them: UTF-8 (with or without BOM) or UTF-16 with a BOM; CRLF allowed. */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const text = new TextDecoder("utf-8").decode(bytes);
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/**
 * Reads Graph JSON: one object, an array of objects, or a list response `{ "value": [...] }`.
 * A syntax error is one diagnostic (CP5004) naming the file, line and column.
 */
export function readGraphObjects(bytes: Uint8Array, file: string): { objects: Record<string, unknown>[]; diagnostics: Diagnostic[]; text: string } {
  const text = decodeExport(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at === null ? 0 : Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    const span = emptySpan(file);
    span.start = span.end = { line, column, offset };
    return { objects: [], text, diagnostics: [makeDiagnostic("CP5004", span, { format: "JSON", reason: `${message.replace(/ in JSON at position \d+.*$/, "")} (line ${line}, column ${column})` })] };
  }
  const list = Array.isArray(parsed) ? parsed : parsed !== null && typeof parsed === "object" && Array.isArray((parsed as { value?: unknown }).value) ? (parsed as { value: unknown[] }).value : [parsed];
  return { objects: list.filter((o): o is Record<string, unknown> => o !== null && typeof o === "object" && !Array.isArray(o)), diagnostics: [], text };
}

/** Where a property of a policy sits in the export text (the first occurrence after the policy's display name), for diagnostics. */
export function locate(text: string | undefined, file: string, displayName: string, property: string): Span {
  const span = emptySpan(file);
  if (text === undefined) return span;
  const from = Math.max(0, text.indexOf(JSON.stringify(displayName)));
  let at = text.indexOf(`"${property}"`, from);
  if (at < 0) at = text.indexOf(`"${property}"`);
  if (at < 0) return span;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  span.start = { line, column, offset: at };
  span.end = { line, column: column + property.length + 2, offset: at + property.length + 2 };
  return span;
}
