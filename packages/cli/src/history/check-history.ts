import { existsSync, readFileSync, statSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { join } from "node:path";
import { ENGINE_VERSION, type CompiledPolicySet, type TenantSettings } from "@tenet/evaluator";
import {
  CapturedRun,
  controlIndex,
  HistoryStore,
  isServerUrl,
  packSpans,
  type PackedSpans,
  type PolicyBundle,
  type PreviousRun,
  type RecordedRun,
} from "@tenet/history";

/** Where the history store is: `--history`, else TENET_HISTORY_URL, else `history:` in the config. */
export function historyLocation(flag: string | undefined, config: string | undefined): string | undefined {
  return flag ?? process.env["TENET_HISTORY_URL"] ?? config;
}

/** `dailyRun`: opened by `check --history` without `--period` (see OpenOptions). */
export function openStore(location: string, dailyRun = false): Promise<HistoryStore> {
  return HistoryStore.open(location, { tool: `tenet ${ENGINE_VERSION}`, dailyRun });
}

/**
 * `check --history`: the store opened before evaluation (its previous states feed the grace
 * periods, due actions and the seven-day error rule), the devices captured while evaluating,
 * and the run recorded at the end in one transaction.
 */
export class CheckHistory {
  /** Every device as captured (`captureChange`): whole when it changed, flat when not. */
  readonly captured: CapturedRun;

  private constructor(
    readonly store: HistoryStore,
    private readonly base: PreviousRun,
  ) {
    // Packed as the store read them; a base without them (made by hand) is packed here.
    this.captured = new CapturedRun(base.packed ?? packSpans(base.spans));
  }

  /**
   * `whole`: the run reads much of the store besides (`--period`'s time axis). Otherwise the
   * embedded engine's WebAssembly is compiled by V8's baseline compiler only, as for a `history`
   * query: a daily run's statements are over in about a second, and optimising their hot
   * functions cost more CPU than it saved (100,000 devices, 2% changed: 0.9 s of CPU less for the
   * whole run, opening 0.55 -> 0.35 s, reading the previous run 0.79 -> 0.49 s, docs/benchmarks.md),
   * and the store opens with a daily run's buffer pool (OpenOptions.dailyRun).
   */
  static async open(location: string, whole = false): Promise<CheckHistory> {
    if (!whole && !isServerUrl(location)) setFlagsFromString("--liftoff-only");
    const store = await openStore(location, !whole);
    try {
      return new CheckHistory(store, await store.previousRun());
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** The store's open spans packed, as every evaluating thread reads them (this one included). */
  settings(): PackedSpans {
    return this.captured.spans;
  }

  record(run: {
    now: string;
    tenant?: string;
    compiled: CompiledPolicySet;
    bundle: PolicyBundle;
    tenantSettings?: TenantSettings;
    groupsFile?: string;
    counts: Record<string, number>;
    redacted: boolean;
  }): Promise<RecordedRun> {
    return this.store.record(this.base, {
      now: run.now,
      ...(run.tenant === undefined ? {} : { tenant: run.tenant }),
      policySetHash: run.compiled.hash,
      bundle: run.bundle,
      ...(run.tenantSettings === undefined ? {} : { tenantSettings: run.tenantSettings }),
      ...(run.groupsFile === undefined ? {} : { groups: readFileSync(run.groupsFile, "utf8") }),
      engineVersion: ENGINE_VERSION,
      counts: run.counts,
      devices: this.captured,
      controls: controlIndex(run.compiled),
      redacted: run.redacted,
    });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** The tenant id of a pulled snapshot directory (its manifest), if one was given. */
export function snapshotTenant(snapshots: string[]): string | undefined {
  for (const path of snapshots) {
    const manifest = join(path, "manifest.json");
    if (path === "-" || !statSync(path, { throwIfNoEntry: false })?.isDirectory() || !existsSync(manifest)) continue;
    try {
      const id = (JSON.parse(readFileSync(manifest, "utf8")) as { tenantId?: unknown }).tenantId;
      if (typeof id === "string") return id;
    } catch {
      // An unreadable manifest is reported by the snapshot reader; the run just has no tenant.
    }
  }
  return undefined;
}
