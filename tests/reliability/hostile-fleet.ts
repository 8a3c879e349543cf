/** A fleet with hostile records mixed in, for the reliability tests and the 100k measurement in docs/fuzzing.md. */
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";

/** A 525-byte YAML alias bomb: nine levels of nine aliases expand to 9^9 values. */
export const YAML_BOMB =
  [
    "a: &a [x,x,x,x,x,x,x,x,x]",
    ..."bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
  ].join("\n") + "\n";

/** One hostile NDJSON line of each kind the issue names. */
export const HOSTILE_LINES: Record<string, () => string> = {
  // An unterminated record holding an 8.4 M-character string: the scanner once overflowed on it.
  long: () => `{"id":"long","deviceName":"${"a".repeat(8_400_000)}",}`,
  binary: () => Buffer.from([0xff, 0xfe, 0, 1, 2, 3, 0x80, 0x81, 0x1b]).toString("latin1"),
  deepArray: () => `{"id":"deep","a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
  deepObject: () => `{"id":"deep2","a":${'{"b":'.repeat(50_000)}1${"}".repeat(50_000)}}`,
  // A raw NUL and escape sequence inside a string: not JSON.
  control: () => `{"id":"ctl","deviceName":"a\u0000\u001b[2Jb"}`,
};

/**
 * Writes `count` records: devices from examples/fleet/devices.ndjson, with every hundredth
 * record hostile (kinds in turn; the 8.4 MB one only once). Returns the indexes of the hostile ones.
 */
export async function writeHostileFleet(path: string, count: number, root: string): Promise<number[]> {
  const devices = readFileSync(`${root}/examples/fleet/devices.ndjson`, "utf8").trim().split("\n");
  const kinds = Object.keys(HOSTILE_LINES);
  const out = createWriteStream(path);
  const hostile: number[] = [];
  let longDone = false;
  for (let i = 0; i < count; i++) {
    let line = devices[i % devices.length]!;
    if (i % 100 === 50) {
      let kind = kinds[hostile.length % kinds.length]!;
      if (kind === "long" && longDone) kind = "binary";
      longDone ||= kind === "long";
      line = HOSTILE_LINES[kind]!();
      hostile.push(i);
    }
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return hostile;
}

export function writeYamlBomb(path: string): void {
  writeFileSync(path, YAML_BOMB);
}
