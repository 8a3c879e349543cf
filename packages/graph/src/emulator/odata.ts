// The OData parts of a Graph answer: $select, $skiptoken paging, @odata.context, error bodies.

type GraphObject = Record<string, unknown>;

/** Keeps the selected properties (and @odata.type, which Graph always sends for derived types). */
export function select(record: GraphObject, fields: string[] | undefined): GraphObject {
  if (fields === undefined) return record;
  const out: GraphObject = {};
  if (record["@odata.type"] !== undefined) out["@odata.type"] = record["@odata.type"];
  for (const field of fields) if (field in record) out[field] = record[field];
  return out;
}

export function selectedFields(query: URLSearchParams): string[] | undefined {
  const value = query.get("$select");
  return value === null
    ? undefined
    : value
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== "");
}

/** An opaque $skiptoken, as Graph's are: the offset, encoded. */
export function skiptoken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

export function offsetOf(token: string | null): number {
  if (token === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (match === null) throw new Error("invalid $skiptoken");
  return Number(match[1]);
}

/** One page of a collection: `value`, and `@odata.nextLink` (same query plus $skiptoken) when more remain. */
export function page(options: {
  context: string;
  url: URL;
  total: number;
  pageSize: number;
  at: (i: number) => GraphObject;
}): GraphObject {
  const offset = offsetOf(options.url.searchParams.get("$skiptoken"));
  const top = Number(options.url.searchParams.get("$top") ?? options.pageSize);
  const size = Math.max(1, Math.min(top, options.pageSize));
  const fields = selectedFields(options.url.searchParams);
  const value: GraphObject[] = [];
  for (let i = offset; i < Math.min(options.total, offset + size); i++) value.push(select(options.at(i), fields));
  const body: GraphObject = { "@odata.context": options.context };
  if (offset + size < options.total) {
    const next = new URL(options.url);
    next.searchParams.set("$skiptoken", skiptoken(offset + size));
    body["@odata.nextLink"] = next.toString();
  }
  body.value = value;
  return body;
}

/** Graph's error body (with innerError date and request-id, as the service sends them). */
export function errorBody(code: string, message: string, requestId: string): GraphObject {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ""),
        "request-id": requestId,
        "client-request-id": requestId,
      },
    },
  };
}
