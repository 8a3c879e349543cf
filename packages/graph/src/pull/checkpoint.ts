// The resume point of a pull, rewritten (atomically) after every page that reaches a file.

import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeAtomically } from "./atomic-write.js";

export const CHECKPOINT_FILE = ".tenet-pull-checkpoint";
/** Members of the parent (group, role) being pulled, kept until the parent's record is complete. */
export const PARTIAL_MEMBERS_FILE = ".tenet-pull-members.partial";

/** Why a collection could not be read; it goes to manifest.unreadable as it is. */
export interface Unreadable {
  collection: string;
  status: number;
  permission: string;
  message: string;
}

/** How far one collection got. */
export interface CollectionProgress {
  status: "partial" | "done" | "unreadable";
  /** The next page to fetch, while partial; undefined before the first page. */
  next?: string;
  /** Length of the collection's file after the last completed page, and its records. */
  bytes: number;
  records: number;
  /** For collections of parents with members: the parents, where the next one starts, its record, and members so far. */
  parents?: Array<{ id: string; record?: Record<string, unknown> }>;
  parentIndex?: number;
  parentRecord?: Record<string, unknown>;
  memberBytes?: number;
  unreadable?: Unreadable;
}

export interface Checkpoint {
  format: "tenet-pull-checkpoint/1";
  startedAt: string;
  baseUrl: string;
  /** The sign-in window start, fixed at the first run so a resumed pull asks for the same window. */
  signinsSince?: string;
  collections: Record<string, CollectionProgress>;
}

export function readCheckpoint(dir: string): Checkpoint | undefined {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Checkpoint;
  if (parsed.format !== "tenet-pull-checkpoint/1")
    throw new Error(`${path} is not a checkpoint of this version of tenet; remove it or pass --restart`);
  return parsed;
}

export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  writeAtomically(join(dir, CHECKPOINT_FILE), `${JSON.stringify(checkpoint)}\n`);
}

export function removeCheckpoint(dir: string): void {
  rmSync(join(dir, CHECKPOINT_FILE), { force: true });
  rmSync(join(dir, PARTIAL_MEMBERS_FILE), { force: true });
}
