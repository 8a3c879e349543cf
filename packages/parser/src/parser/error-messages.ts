import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";

/**
 * Chevrotain asks this provider for error texts; Tenet only wants the "expected ..." part,
 * since `syntax-errors.ts` adds what was found and the catalog code.
 */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => label(expected),
  buildNotAllInputParsedMessage: () =>
    "a declaration (`compliance`, `access`, `waiver`, `property`, `let` or `import`)",
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => oneOf(expectedPathsPerAlt.flat().map((path) => path[0])),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => oneOf(expectedIterationPaths.map((path) => path[0])),
};

function oneOf(types: (TokenType | undefined)[]): string {
  const labels = [...new Set(types.filter((t): t is TokenType => t !== undefined).map(label))];
  if (labels.length <= 1) return labels[0] ?? "something else";
  if (labels.includes("string") && labels.includes("number")) return "an expression";
  if (labels.length > 6) return `${labels.slice(0, 6).join(", ")} or another clause`;
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

/** How a token type is named in messages: `` `{` ``, `string`, `a name`. */
export function label(type: TokenType): string {
  if (type.name === "Word" || type.name === "Name" || type.name === "Identifier") return "a name";
  if (type.LABEL !== undefined) return type.LABEL;
  return type.name;
}

/** How a found token is named in messages: `` `}` ``, `` name `foo` ``, `` string "x" ``. */
export function describeToken(token: IToken): string {
  const name = token.tokenType.name;
  if (name === "EOF") return "end of file";
  if (name.startsWith("Kw_")) return `keyword \`${token.image}\``;
  if (name === "Identifier") return `name \`${token.image}\``;
  if (name === "String") return `string ${token.image.length > 30 ? `${token.image.slice(0, 29)}…"` : token.image}`;
  if (token.tokenType.LABEL !== undefined && token.tokenType.LABEL.startsWith("`")) return token.tokenType.LABEL;
  return `${token.tokenType.LABEL ?? name} \`${token.image}\``;
}
