import { closest } from "../text/closest.js";

/** "did you mean `require`?" for a misspelt clause, else the list of clauses the block takes. */
export function clauseHelp(word: string, clauses: string[]): string {
  const guess = closest(word, clauses);
  if (guess !== undefined) return `did you mean \`${guess}\`?`;
  return `expected one of ${clauses.map((c) => `\`${c}\``).join(", ")}`;
}
