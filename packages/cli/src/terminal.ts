import { createWriteStream, openSync } from "node:fs";
import { UsageError } from "./exit-codes.js";
import type { Writable } from "node:stream";

/** Whether to colour output: never with `--no-color` or `NO_COLOR`, otherwise when the stream is a terminal. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "") return false;
  return stream.isTTY === true;
}

/** Where results go: `--output FILE` or standard output. */
export interface Sink {
  write(text: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  isTTY: boolean;
}

/** Opens `--output` at once, so an unwritable path is one clear usage error before any work is done. */
export function openSink(output: string | undefined): Sink {
  const stream: Writable = output === undefined || output === "-" ? process.stdout : createWriteStream("", { fd: openOutput(output) });
  let failure: Error | undefined;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    failure = new UsageError(`cannot write \`${output}\`: ${errnoReason(error)}`);
  });
  const write = (text: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      if (failure !== undefined) reject(failure);
      else if (stream.write(text)) resolve();
      else stream.once("drain", resolve);
    });
  return {
    write,
    close: () => (stream === process.stdout ? Promise.resolve() : new Promise<void>((resolve, reject) => stream.end(() => (failure === undefined ? resolve() : reject(failure))))),
    isTTY: stream === process.stdout && process.stdout.isTTY === true,
  };
}

function openOutput(path: string): number {
  try {
    return openSync(path, "w");
  } catch (error) {
    throw new UsageError(`cannot write \`${path}\`: ${errnoReason(error)}`);
  }
}

/** `ENOENT: no such file or directory, open 'x'` -> `no such file or directory`: the path is named already. */
function errnoReason(error: unknown): string {
  return error instanceof Error ? error.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "") : String(error);
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Paint = (color: keyof typeof CODES, text: string) => string;
export const paintWith = (color: boolean): Paint => (c, text) => (color ? `\u001b[${CODES[c]}m${text}\u001b[0m` : text);
