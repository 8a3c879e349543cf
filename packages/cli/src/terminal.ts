
/** Whether to colour output: never with `--no-color` or `NO_COLOR`, otherwise when the stream is a terminal. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "") return false;
  return stream.isTTY === true;
}

export { openSink, type Sink } from "./output/atomic-output.js";

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Paint = (color: keyof typeof CODES, text: string) => string;
export const paintWith = (color: boolean): Paint => (c, text) => (color ? `\u001b[${CODES[c]}m${text}\u001b[0m` : text);
