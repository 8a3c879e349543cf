import {
  closeSync,
  fchmodSync,
  mkdirSync,
  fsyncSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { CliError, EXIT, invocationDiagnostic } from "../exit-codes.js";
import { processExists } from "./process-exists.js";

/** Where results go: `--output FILE` or standard output. */
export interface Sink {
  write(text: string | Uint8Array): Promise<void>;
  /** Ends the output: a file appears under its name only now, whole. */
  close(): Promise<void>;
  isTTY: boolean;
}

/** Files a command reads, which its output must never replace: inputs, policies, the audit log. */
export interface OutputGuard {
  /** What each path is, for the message: `an input`, `a policy file`, `the audit log`. */
  protect?: { path: string; what: string }[];
}

/** Temporary files not yet renamed into place; removed if the process ends without committing them. */
const pending = new Set<string>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const removeAll = () => {
    for (const temp of pending) removeQuietly(temp);
    pending.clear();
  };
  process.once("exit", removeAll);
  // An interrupted run leaves the previous output as it was and no temporary file behind.
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    process.once(signal, () => {
      removeAll();
      process.exit(code);
    });
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/**
 * Removes the temporary files a killed run (SIGKILL, a power cut: no exit handler ran) left
 * beside `name`: `.NAME.PID.HEX.tmp` whose process no longer exists. A live run's file is kept.
 */
function removeStaleTemps(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // The directory is missing or unreadable: opening the temporary file reports it.
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) continue;
    const pid = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length))?.[1];
    if (pid !== undefined && !processExists(Number(pid))) removeQuietly(join(dir, entry));
  }
}

/** `ENOSPC: no space left on device, write` -> `no space left on device`. */
export function errnoReason(error: unknown): string {
  return error instanceof Error
    ? error.message.replace(/^[A-Z]+: /, "").replace(/, \w+(?: '.*')?$/, "")
    : String(error);
}

const unwritable = (path: string, error: unknown) =>
  new CliError([invocationDiagnostic("CP5063", { path, reason: errnoReason(error) })], EXIT.usage);
const writeFailed = (path: string, error: unknown) =>
  new CliError([invocationDiagnostic("CP5064", { path, reason: errnoReason(error) })], EXIT.ioError);

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Refuses an output path that is (by real path, through links) a file the command reads. */
export function refuseProtected(output: string, guard: OutputGuard): void {
  const target = realPath(output);
  if (target === undefined) return;
  for (const { path, what } of guard.protect ?? []) {
    if (realPath(path) === target)
      throw new CliError([invocationDiagnostic("CP5062", { path: output, what, other: path })], EXIT.usage);
  }
}

/**
 * An output file written atomically: bytes go to a temporary file in the same directory
 * (same file system, so the rename is atomic), which replaces the target only when `commit`
 * is called after everything was written and flushed to disk. Until then the previous file
 * stays as it was: a failed, interrupted or killed run never leaves a partial or empty target.
 */
export class AtomicFile {
  private readonly temp: string;
  private fd: number | undefined;

  constructor(
    readonly path: string,
    guard: OutputGuard = {},
  ) {
    refuseProtected(path, guard);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true)
      throw unwritable(path, new Error("EISDIR: illegal operation on a directory"));
    const dir = dirname(resolve(path));
    removeStaleTemps(dir, basename(path));
    this.temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    installCleanup();
    try {
      this.fd = openSync(this.temp, "wx", 0o666);
      pending.add(this.temp);
      // A replaced file keeps its permissions.
      const mode = statSync(path, { throwIfNoEntry: false })?.mode;
      if (mode !== undefined) fchmodSync(this.fd, mode & 0o7777);
    } catch (error) {
      this.abort();
      throw unwritable(path, error);
    }
  }

  write(chunk: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error(`internal error: \`${this.path}\` written after it was closed`);
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    try {
      for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (error) {
      this.abort();
      throw writeFailed(this.path, error);
    }
  }

  commit(): void {
    if (this.fd === undefined) throw new Error(`internal error: \`${this.path}\` committed twice`);
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.temp, this.path);
      pending.delete(this.temp);
    } catch (error) {
      this.abort();
      throw writeFailed(this.path, error);
    }
  }

  /** Drops the temporary file; the target is untouched. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // The descriptor is gone either way.
      }
      this.fd = undefined;
    }
    removeQuietly(this.temp);
    pending.delete(this.temp);
  }
}

/** Writes a whole file atomically (see AtomicFile). */
export function writeFileAtomically(path: string, text: string | Uint8Array, guard: OutputGuard = {}): void {
  const file = new AtomicFile(path, guard);
  file.write(text);
  file.commit();
}

/**
 * Opens `--output` (or standard output for none or `-`). A file is only created at the first
 * write, so options and policies are validated before anything touches the disk.
 */
export function openSink(output: string | undefined, guard: OutputGuard = {}): Sink {
  if (output === undefined || output === "-") return stdoutSink();
  let file: AtomicFile | undefined;
  const open = () => (file ??= new AtomicFile(output, guard));
  return {
    write: async (text) => open().write(text),
    close: async () => open().commit(),
    isTTY: false,
  };
}

function stdoutSink(): Sink {
  const stream = process.stdout;
  let failure: CliError | undefined;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    // A closed pipe is handled once for the process (closedPipe); anything else is a write failure.
    if (error.code !== "EPIPE") failure ??= writeFailed("standard output", error);
  });
  return {
    // Each write waits for its own callback: after an error (a full disk) `drain` never comes,
    // and waiting for it left the run hanging until Node gave up with exit 13 and no message.
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        stream.write(text, (error) => {
          if (error === undefined || error === null) return resolve();
          // A closed pipe ends the process (endQuietlyOnClosedPipe): nothing to report.
          if ((error as NodeJS.ErrnoException).code === "EPIPE") return;
          failure ??= writeFailed("standard output", error);
          reject(failure);
        });
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        // Flushed once the callback of an empty write runs: an error surfaces here, not after exit.
        stream.write("", () => (failure === undefined ? resolve() : reject(failure)));
      }),
    isTTY: stream.isTTY === true,
  };
}

/** Exit status of a run whose reader closed the pipe (`tenet check ... | head`): 128 + SIGPIPE, as a shell reports it. */
export const CLOSED_PIPE_STATUS = 141;

/** Ends the process quietly when standard output's reader goes away: that is the reader's choice, not an error. */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(CLOSED_PIPE_STATUS);
  });
}

/** Creates an output directory (`import`/`export -o DIR`); one that cannot be made is a usage error (exit 2). */
export function outputDirectory(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw unwritable(path, error);
  }
}
