/**
 * Whether to colour output: never with `--no-color` or `NO_COLOR`; with `FORCE_COLOR` set (and
 * not `0` or `false`, as in Node and chalk) even on a pipe, e.g. a CI log; otherwise on a terminal.
 */
export function useColor(
  stream: NodeJS.WriteStream,
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag === false) return false;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY === true;
}

export { openSink } from "./output/atomic-output.js";

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Paint = (color: keyof typeof CODES, text: string) => string;
export const paintWith =
  (color: boolean): Paint =>
  (c, text) =>
    color ? `\u001b[${CODES[c]}m${text}\u001b[0m` : text;
