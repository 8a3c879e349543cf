/** A stable GUID-shaped id for the `index`-th object of `kind` (kind is a 1-4 hex-digit tag). */
export function guid(kind: number, index: number): string {
  const k = kind.toString(16).padStart(8, "0");
  const i = index.toString(16).padStart(12, "0");
  return `${k}-0000-4000-8000-${i}`;
}
