/** `1 device`, `2 devices`: a count with its noun, singular only for exactly one. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The verb that agrees with a count: `stops` for exactly one, `stop` otherwise. */
export function verb(count: number, singular: string, pluralForm: string): string {
  return count === 1 ? singular : pluralForm;
}
