import yaml from "js-yaml";

/** One YAML document: its value, or why it could not be read. */
export interface YamlDocument {
  /** 1-based line the document starts on. */
  line: number;
  value?: unknown;
  /**
   * The same document with every scalar as its text (js-yaml's failsafe schema): where the
   * facts schema wants a string and YAML read a number (`osVersion: 17.10`), the text is used.
   */
  text?: unknown;
  /** `invalid YAML in document 2 at line 7, column 3: bad indentation ...` */
  error?: string;
}

const DOCUMENT_START = /^---(?=[ \t]|$)/;

/**
 * Reads every document of a YAML stream with the JSON-compatible schema: `2026-11-25T10:00:00Z`
 * stays a string (not a Date), `yes`/`on` stay strings, and no custom tag runs code. Documents are
 * read one by one, so a broken one is its own error and the others are still read.
 */
export function yamlDocuments(source: string): YamlDocument[] {
  const lines = source.split("\n");
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || DOCUMENT_START.test(line)) starts.push(i);
  });
  const documents: YamlDocument[] = [];
  starts.forEach((start, k) => {
    const text = lines.slice(start, starts[k + 1] ?? lines.length).join("\n");
    // Comments or blank lines before the first `---` are not a document.
    if (k === 0 && starts.length > 1 && text.replace(/#.*$/gm, "").trim() === "") return;
    const number = documents.length + 1;
    try {
      const value = yaml.load(text, { schema: yaml.JSON_SCHEMA });
      if (value === undefined) return;
      documents.push({ line: start + 1, value, text: yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA }) });
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const reason =
        (error as { reason?: string }).reason ??
        (error instanceof Error ? error.message.split("\n")[0]! : String(error));
      const at = mark === undefined ? "" : ` at line ${start + mark.line + 1}, column ${mark.column + 1}`;
      documents.push({
        line: mark === undefined ? start + 1 : start + mark.line + 1,
        error: `document ${number}${at}: ${reason}`,
      });
    }
  });
  return documents;
}
