/**
 * OData annotations (`@odata.type`, `x@odata.context`) and action bindings (`#microsoft.graph.assign`)
 * describe a Graph object; they are never settings.
 */
export const isAnnotation = (key: string): boolean =>
  key.includes("@odata") || key.startsWith("#") || key.startsWith("@");
