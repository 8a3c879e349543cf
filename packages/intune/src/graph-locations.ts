/**
 * Where each policy of a Graph export sits in its text, so warnings can name a line and
 * column. Runs once per file after `JSON.parse` succeeded, so the text is valid JSON.
 */

interface Item {
  start: number;
  end: number;
  /** Offsets of the item's own (top-level) property names. */
  keys: Map<string, number>;
}

interface Frame {
  kind: "{" | "[";
  /** The key this container is the value of (in an object), if any. */
  key: string | undefined;
  item?: Item;
}

const STRING = /"(?:[^"\\]|\\.)*"/y;

/**
 * The policy objects of an export in order: the root object, the objects of a root array,
 * or the objects of a root `{ "value": [...] }` list. Items that are not objects are skipped,
 * as `readGraphObjects` skips them.
 */
export function graphItems(text: string): Item[] {
  const items: Item[] = [];
  const stack: Frame[] = [];
  let lastKey: string | undefined;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      STRING.lastIndex = i;
      STRING.test(text);
      const end = STRING.lastIndex;
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === "{") {
        lastKey = JSON.parse(text.slice(i, end)) as string;
        if (top.item !== undefined && !top.item.keys.has(lastKey)) top.item.keys.set(lastKey, i);
        expectKey = false;
      }
      i = end - 1;
    } else if (c === "{" || c === "[") {
      const parent = stack[stack.length - 1];
      const frame: Frame = { kind: c, key: parent?.kind === "{" ? lastKey : undefined };
      const isItem =
        c === "{" &&
        (stack.length === 0 ||
          (stack.length === 1 && parent!.kind === "[") ||
          (stack.length === 2 && parent!.kind === "[" && parent!.key === "value" && stack[0]!.kind === "{"));
      if (isItem) {
        frame.item = { start: i, end: text.length, keys: new Map() };
        items.push(frame.item);
      }
      stack.push(frame);
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      const frame = stack.pop();
      if (frame?.item !== undefined) frame.item.end = i + 1;
    } else if (c === ",") expectKey = stack[stack.length - 1]?.kind === "{";
  }
  // A single root object that is a list response is not itself a policy.
  if (items.length > 1 && text.trimStart().startsWith("{") && items[0]!.start === text.indexOf("{")) items.shift();
  return items;
}

/** Offset of `property` (a dotted path: the last segment is searched) in item `index`, or the item's start. */
export function propertyOffset(text: string, items: Item[], index: number, property: string): number | undefined {
  const item = items[index];
  if (item === undefined) return undefined;
  const direct = item.keys.get(property);
  if (direct !== undefined) return direct;
  const leaf = property.split(".").pop()!;
  const at = text.slice(item.start, item.end).indexOf(`"${leaf}"`);
  return at < 0 ? item.start : item.start + at;
}
