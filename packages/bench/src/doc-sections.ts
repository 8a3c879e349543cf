/**
 * docs/benchmarks.md is written by several benchmarks and annotated by hand between runs. Each
 * benchmark owns the sections between its `<!-- NAME:begin -->` and `<!-- NAME:end -->` markers and
 * rewrites only those, so a run never deletes another benchmark's figures or the notes beside them.
 */
export function replaceSection(doc: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start >= 0 && stop > start) return doc.slice(0, start) + block + doc.slice(stop + end.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}
