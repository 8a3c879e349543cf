/** A value as filter rules compare it: its string form, case ignored (`True` equals `true`). */
export const loweredText = (v: unknown): string => String(v).toLowerCase();

const sets = new WeakMap<readonly unknown[], ReadonlySet<string>>();

/**
 * The lowered texts of a rule's `-in` list, built once per list and kept while the compiled rule
 * lives: a device's value is then looked up, not compared with each element, so the cost of
 * `-in` is linear in the device's values, not their product with the list.
 */
export function loweredSet(list: readonly unknown[]): ReadonlySet<string> {
  let set = sets.get(list);
  if (set === undefined) {
    set = new Set(list.map(loweredText));
    sets.set(list, set);
  }
  return set;
}
