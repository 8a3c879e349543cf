// `tenet pull`: Graph -> a snapshot directory, one collection after another, resumable at page boundaries.

import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { COLLECTIONS, collection, type CollectionName, type CollectionSpec } from "../collections.js";
import { authenticate, tenantOfToken, type AuthOptions } from "../auth/token-source.js";
import { GraphClient, type GraphClientOptions, type RequestEvent, type TokenSource } from "../http/graph-client.js";
import { GraphHttpError } from "../http/graph-error.js";
import { AppendFile } from "./append-file.js";
import { writeAtomically } from "./atomic-write.js";
import {
  CHECKPOINT_FILE,
  PARTIAL_MEMBERS_FILE,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type CollectionProgress,
} from "./checkpoint.js";
import { MANIFEST_FILE, SNAPSHOT_FORMAT, describeFiles, type Manifest } from "./manifest.js";
import { mapLimit } from "./map-limit.js";
import { FIRST_PAGE, GROUP_SELECT, MEMBER_SELECT, signinsFirstPage } from "./queries.js";
import { referencedGroupIds } from "./referenced-groups.js";

type GraphObject = Record<string, unknown>;

export interface PullOptions {
  /** The snapshot directory; created if needed. */
  out: string;
  /** How to sign in (ignored when `token` is given). */
  auth?: AuthOptions;
  /** A ready token source, e.g. for tests. */
  token?: TokenSource;
  /** Graph's origin (default https://graph.microsoft.com). */
  baseUrl?: string;
  /** Also pull the sign-ins of the last this many days. */
  signinsDays?: number;
  /** Per-device requests in flight at once (default 8). */
  concurrency?: number;
  timeoutMs?: GraphClientOptions["timeoutMs"];
  maxAttempts?: GraphClientOptions["maxAttempts"];
  backoff?: GraphClientOptions["backoff"];
  limits?: GraphClientOptions["limits"];
  random?: GraphClientOptions["random"];
  /** Start over even if a checkpoint of an interrupted pull is there. */
  restart?: boolean;
  signal?: AbortSignal;
  /** The clock (default the system's); pulledAt is the start of the first run. */
  now?: () => Date;
  tenantId?: string;
  toolVersion?: string;
  /** Called for each warning (a collection that could not be read, a group that no longer exists). */
  warn?: (message: string) => void;
  onRequest?: (event: RequestEvent) => void;
  /** Called after each page is on disk and checkpointed (tests stop a pull here). */
  onPage?: (collection: string) => void | Promise<void>;
}

export interface PullResult {
  manifest: Manifest;
  /** HTTP requests made by this run, retries included. */
  requests: number;
  /** True when this run continued an interrupted pull. */
  resumed: boolean;
  warnings: string[];
}

/** Statuses that make a collection unreadable rather than failing the pull. */
const UNREADABLE = new Set([403, 404]);

/**
 * Pulls a tenant into `options.out`. Killed at any point and run again, it resumes from the
 * checkpoint: at most the page in progress of one collection is fetched again. The manifest
 * is written last, so a directory with a manifest is always complete.
 */
export async function pullTenant(options: PullOptions): Promise<PullResult> {
  const dir = options.out;
  mkdirSync(dir, { recursive: true });
  const now = options.now ?? (() => new Date());
  const baseUrl = options.baseUrl ?? "https://graph.microsoft.com";
  const token = options.token ?? authenticate(options.auth ?? {}).token;
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };
  let checkpoint = options.restart === true ? undefined : readCheckpoint(dir);
  const resumed = checkpoint !== undefined;
  if (checkpoint !== undefined && checkpoint.baseUrl !== baseUrl)
    throw new Error(
      `the interrupted pull in ${dir} read ${checkpoint.baseUrl}, not ${baseUrl}; pass --restart to start over`,
    );
  // A manifest marks a complete directory: it goes first, and the files of an older pull with it.
  rmSync(join(dir, MANIFEST_FILE), { force: true });
  if (checkpoint === undefined) {
    removeCheckpoint(dir);
    for (const spec of COLLECTIONS) if (spec.file !== undefined) rmSync(join(dir, spec.file), { force: true });
    const startedAt = now();
    checkpoint = { format: "tenet-pull-checkpoint/1", startedAt: startedAt.toISOString(), baseUrl, collections: {} };
    if (options.signinsDays !== undefined)
      checkpoint.signinsSince = new Date(startedAt.getTime() - options.signinsDays * 86_400_000).toISOString();
    writeCheckpoint(dir, checkpoint);
  }
  const client = new GraphClient({
    baseUrl,
    token,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
  });
  const run = new PullRun(dir, checkpoint, client, options, warn);
  await run.tenantSettings();
  const lists: CollectionName[] = [
    "compliance-policies",
    "assignment-filters",
    "conditional-access-policies",
    "named-locations",
    "authentication-strengths",
  ];
  for (const name of lists) await run.list(collection(name));
  await run.withMembers(collection("directory-roles"), "members");
  await run.withMembers(collection("groups"), "transitiveMembers");
  await run.list(collection("devices"), (page) => run.enrichDevices(page));
  run.enrichmentsDone();
  if (checkpoint.signinsSince !== undefined)
    await run.list(collection("signins"), undefined, signinsFirstPage(checkpoint.signinsSince));

  const manifest: Manifest = {
    format: SNAPSHOT_FORMAT,
    tenantId: options.tenantId ?? tenantOfToken(await token(false)) ?? null,
    pulledAt: checkpoint.startedAt,
    tool: { name: "tenet", version: options.toolVersion ?? "unknown" },
    files: await describeFiles(
      dir,
      COLLECTIONS.flatMap((c) =>
        c.file !== undefined && checkpoint.collections[c.name]?.status === "done"
          ? [[c.file, checkpoint.collections[c.name]!.records] as [string, number]]
          : [],
      ),
    ),
    endpoints: COLLECTIONS.filter((c) => checkpoint.collections[c.name] !== undefined).map((c) => ({
      collection: c.name,
      url: c.path,
      apiVersion: c.apiVersion,
    })),
    unreadable: COLLECTIONS.flatMap((c) => checkpoint.collections[c.name]?.unreadable ?? []),
  };
  writeAtomically(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  removeCheckpoint(dir);
  return { manifest, requests: client.requests, resumed, warnings };
}

/** The state of one run: the checkpoint it advances and the client it reads through. */
class PullRun {
  constructor(
    private readonly dir: string,
    private readonly checkpoint: Checkpoint,
    private readonly client: GraphClient,
    private readonly options: PullOptions,
    private readonly warn: (message: string) => void,
  ) {}

  private progress(name: string): CollectionProgress {
    const progress = (this.checkpoint.collections[name] ??= { status: "partial", bytes: 0, records: 0 });
    return progress;
  }

  private async saved(name: string): Promise<void> {
    writeCheckpoint(this.dir, this.checkpoint);
    await this.options.onPage?.(name);
  }

  /** Records a 403/404 as unreadable (file removed, warning naming the permission); rethrows anything else. */
  private unreadable(spec: CollectionSpec, error: unknown): void {
    if (!(error instanceof GraphHttpError) || !UNREADABLE.has(error.status)) throw error;
    const progress = this.progress(spec.name);
    progress.status = "unreadable";
    progress.unreadable = {
      collection: spec.name,
      status: error.status,
      permission: spec.permission,
      message: error.message,
    };
    delete progress.next;
    if (spec.file !== undefined) rmSync(join(this.dir, spec.file), { force: true });
    this.warn(
      `${spec.name} could not be read (HTTP ${error.status}); grant the application permission ${spec.permission}. ` +
        "Its facts are unknown, not empty.",
    );
  }

  async tenantSettings(): Promise<void> {
    const spec = collection("tenant-settings");
    const progress = this.progress(spec.name);
    if (progress.status !== "partial") return;
    try {
      const body = (await this.client.get(this.client.url(FIRST_PAGE[spec.name]!, spec.apiVersion), spec.service)) as {
        settings?: GraphObject | null;
      };
      const settings = body.settings ?? {};
      // Tenet's tenant object; a setting Graph reports as null stays out (unknown).
      const tenant: GraphObject = {};
      for (const key of ["secureByDefault", "deviceComplianceCheckinThresholdDays"])
        if (settings[key] !== undefined && settings[key] !== null) tenant[key] = settings[key];
      writeAtomically(join(this.dir, spec.file!), `${JSON.stringify(tenant, null, 2)}\n`);
      progress.status = "done";
      progress.records = 1;
    } catch (error) {
      this.unreadable(spec, error);
    }
    await this.saved(spec.name);
  }

  /** Pulls a paged collection into its file; `transform` sees each page before it is written (device enrichment). */
  async list(
    spec: CollectionSpec,
    transform?: (page: GraphObject[]) => Promise<GraphObject[]>,
    firstPage = FIRST_PAGE[spec.name]!,
  ): Promise<void> {
    const progress = this.progress(spec.name);
    if (progress.status !== "partial") return;
    const file = new AppendFile(join(this.dir, spec.file!), progress.bytes);
    try {
      let url: string | undefined = progress.next ?? this.client.url(firstPage, spec.apiVersion);
      while (url !== undefined) {
        const body = (await this.client.get(url, spec.service)) as {
          value?: GraphObject[];
          "@odata.nextLink"?: string;
        };
        const page = transform === undefined ? (body.value ?? []) : await transform(body.value ?? []);
        file.append(ndjson(page));
        url = body["@odata.nextLink"];
        progress.bytes = file.bytes;
        progress.records += page.length;
        if (url === undefined) {
          progress.status = "done";
          delete progress.next;
        } else progress.next = url;
        await this.saved(spec.name);
      }
    } catch (error) {
      file.close();
      this.unreadable(spec, error);
      await this.saved(spec.name);
      return;
    }
    file.close();
  }

  /**
   * Pulls parents (directory roles, or the groups the policies reference) each with all its
   * members. Members of the parent in progress are kept in a side file, so a resume refetches
   * at most one page of them.
   */
  async withMembers(spec: CollectionSpec, property: "members" | "transitiveMembers"): Promise<void> {
    const progress = this.progress(spec.name);
    if (progress.status !== "partial") return;
    const file = new AppendFile(join(this.dir, spec.file!), progress.bytes);
    const members = new AppendFile(join(this.dir, PARTIAL_MEMBERS_FILE), progress.memberBytes ?? 0);
    try {
      if (progress.parents === undefined) {
        progress.parents =
          spec.name === "groups"
            ? referencedGroupIds(this.dir).map((id) => ({ id }))
            : await this.allPages(spec, FIRST_PAGE[spec.name]!);
        progress.parentIndex = 0;
        await this.saved(spec.name);
      }
      const membersOf =
        spec.name === "groups"
          ? (id: string) => `/groups/${id}/transitiveMembers?$select=${MEMBER_SELECT}`
          : (id: string) => `/directoryRoles/${id}/members?$select=id`;
      while (progress.parentIndex! < progress.parents.length) {
        const parent = progress.parents[progress.parentIndex!]!;
        if (progress.parentRecord === undefined) {
          const record = parent.record ?? (await this.group(parent.id));
          if (record === undefined) {
            this.warn(`group ${parent.id} is referenced by a policy but does not exist in the tenant`);
            progress.parentIndex! += 1;
            await this.saved(spec.name);
            continue;
          }
          progress.parentRecord = record;
          progress.next = this.client.url(membersOf(parent.id), spec.apiVersion);
          await this.saved(spec.name);
        }
        while (progress.next !== undefined) {
          const body = (await this.client.get(progress.next, spec.service)) as {
            value?: GraphObject[];
            "@odata.nextLink"?: string;
          };
          members.append(ndjson(body.value ?? []));
          progress.memberBytes = members.bytes;
          progress.next = body["@odata.nextLink"];
          await this.saved(spec.name);
        }
        const text = readFileSync(join(this.dir, PARTIAL_MEMBERS_FILE), "utf8").slice(0, progress.memberBytes ?? 0);
        const list =
          text === ""
            ? []
            : text
                .trimEnd()
                .split("\n")
                .map((line) => JSON.parse(line) as GraphObject);
        file.append(ndjson([{ ...progress.parentRecord, [property]: list }]));
        members.reset();
        progress.bytes = file.bytes;
        progress.records += 1;
        progress.memberBytes = 0;
        delete progress.parentRecord;
        progress.parentIndex! += 1;
        await this.saved(spec.name);
      }
      progress.status = "done";
      delete progress.parents;
      delete progress.parentIndex;
      delete progress.memberBytes;
      await this.saved(spec.name);
    } catch (error) {
      file.close();
      members.close();
      this.unreadable(spec, error);
      await this.saved(spec.name);
      return;
    }
    file.close();
    members.close();
  }

  private async allPages(spec: CollectionSpec, firstPage: string): Promise<Array<{ id: string; record: GraphObject }>> {
    const out: Array<{ id: string; record: GraphObject }> = [];
    let url: string | undefined = this.client.url(firstPage, spec.apiVersion);
    while (url !== undefined) {
      const body = (await this.client.get(url, spec.service)) as { value?: GraphObject[]; "@odata.nextLink"?: string };
      for (const record of body.value ?? []) out.push({ id: String(record.id), record });
      url = body["@odata.nextLink"];
    }
    return out;
  }

  /** A group by id, without the response's @odata.context; undefined when it was deleted (404). */
  private async group(id: string): Promise<GraphObject | undefined> {
    const spec = collection("groups");
    try {
      const { "@odata.context": _context, ...record } = (await this.client.get(
        this.client.url(`/groups/${id}?$select=${GROUP_SELECT}`, spec.apiVersion),
        spec.service,
      )) as GraphObject;
      return record;
    } catch (error) {
      if (error instanceof GraphHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Adds what the device list leaves out, a bounded number of requests at a time: each device's
   * compliance policy states (with setting states) and, for Windows, its health attestation.
   */
  async enrichDevices(page: GraphObject[]): Promise<GraphObject[]> {
    const states = collection("device-compliance-policy-states");
    return mapLimit(page, this.options.concurrency ?? 8, async (device) => {
      const id = encodeURIComponent(String(device.id));
      const out = { ...device };
      await this.enrich(states, async () => {
        const list: GraphObject[] = [];
        let url: string | undefined = this.client.url(
          `/deviceManagement/managedDevices/${id}/deviceCompliancePolicyStates`,
          states.apiVersion,
        );
        while (url !== undefined) {
          const body = (await this.client.get(url, states.service)) as {
            value?: GraphObject[];
            "@odata.nextLink"?: string;
          };
          list.push(...(body.value ?? []));
          url = body["@odata.nextLink"];
        }
        out.deviceCompliancePolicyStates = list;
      });
      if (device.operatingSystem !== "Windows") return out;
      const health = collection("device-health-attestation");
      await this.enrich(health, async () => {
        const body = (await this.client.get(
          this.client.url(
            `/deviceManagement/managedDevices/${id}?$select=id,deviceHealthAttestationState`,
            health.apiVersion,
          ),
          health.service,
        )) as GraphObject;
        out.deviceHealthAttestationState = body.deviceHealthAttestationState ?? null;
      });
      const protection = collection("device-protection-state");
      await this.enrich(protection, async () => {
        const { "@odata.context": _context, ...state } = (await this.client.get(
          this.client.url(`/deviceManagement/managedDevices/${id}/windowsProtectionState`, protection.apiVersion),
          protection.service,
        )) as GraphObject;
        out.windowsProtectionState = state;
      });
      return out;
    });
  }

  /**
   * Runs one per-device read of `spec` unless the collection is already unreadable. A device
   * deleted since its list page (404) keeps what the list said; a 403 makes the collection
   * unknown for every device.
   */
  private async enrich(spec: CollectionSpec, read: () => Promise<void>): Promise<void> {
    if (this.checkpoint.collections[spec.name]?.status === "unreadable") return;
    this.progress(spec.name);
    try {
      await read();
    } catch (error) {
      if (error instanceof GraphHttpError && error.status === 404) return;
      if (this.checkpoint.collections[spec.name]?.status !== "unreadable") this.unreadable(spec, error);
    }
  }

  /** Enrichments end with the device list; one that was never needed (no Windows device) stays out of the manifest. */
  enrichmentsDone(): void {
    for (const name of ["device-compliance-policy-states", "device-health-attestation", "device-protection-state"]) {
      const progress = this.checkpoint.collections[name];
      if (progress !== undefined && progress.status === "partial") progress.status = "done";
    }
  }
}

function ndjson(records: readonly GraphObject[]): string {
  let text = "";
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/** True when `dir` holds an interrupted pull that `pullTenant` would resume. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_FILE));
}
