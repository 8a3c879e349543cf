import type { OutputRecord, Renderer, Summary } from "./output-record.js";
import { htmlPage, type HtmlDevice, type HtmlReport } from "./html-page.js";

/** Devices listed in the HTML device table; the summary and charts always cover the whole fleet. */
export const HTML_DEVICE_LIMIT = 20_000;

/** What the report keeps of one record (computed on a worker thread with `--jobs`). */
interface Digest {
  policies: [policy: string, state: string][];
  controls: [framework: string, id: string, passing: boolean][];
  device: HtmlDevice;
}

function digest(r: OutputRecord): Digest {
  const result = r.result;
  if (result === undefined) {
    return {
      policies: [],
      controls: [],
      device: {
        name: `${r.input.source}:${r.input.line ?? r.input.index + 1}`,
        platform: "",
        state: "inputError",
        failing: [],
        detail: [`${r.error?.code}: ${r.error?.message}`],
      },
    };
  }
  const d: Omit<Digest, "device"> = { policies: [], controls: [] };
  for (const p of result.policies) {
    d.policies.push([p.policy, p.state]);
    for (const rule of p.rules) {
      if (rule.status === "notApplicable") continue;
      for (const c of rule.controls)
        d.controls.push([c.framework, c.id, rule.status === "pass" || rule.status === "waived"]);
    }
  }
  const failing = result.policies.flatMap((p) => p.rules.filter((x) => x.status === "fail" || x.status === "error"));
  const device: HtmlDevice = {
    name: result.deviceName ?? result.deviceId ?? `#${r.input.index + 1}`,
    platform: result.platform ?? "unknown",
    state: result.state,
    failing: failing.map((x) => x.id),
    detail: [
      ...failing.map((x) => {
        const why = x.explanation?.failed[0] ?? x.explanation?.errors[0];
        const text =
          why === undefined
            ? ""
            : "expected" in why
              ? `: ${why.path ?? ""} is ${JSON.stringify(why.actual)}, expected ${why.expected}`
              : `: ${why.path} ${why.reason}`;
        return `${x.status} ${x.id} (${x.title})${text}${x.explanation?.remediation === undefined ? "" : ` — ${x.explanation.remediation}`}`;
      }),
      ...result.defaultPolicy.failed.map((f) => `fail built-in ${f}`),
      ...result.waiversApplied.map((w) => `waiver ${w} applied`),
    ],
  };
  return { ...d, device };
}

/**
 * `html`: one self-contained file an auditor opens offline: summary, charts by platform and
 * policy, top failing rules, control coverage per framework, a filterable device table and
 * each device's explanation. No external scripts, styles or fonts.
 */
export const htmlRenderer = (meta: { now: string; policySetHash: () => string }): Renderer => {
  const devices: HtmlDevice[] = [];
  const byPolicy = new Map<string, Map<string, number>>();
  const controls = new Map<string, { framework: string; id: string; inScope: number; passing: number }>();
  let omitted = 0;
  const take = (value: unknown) => {
    const d = value as Digest;
    for (const [policy, state] of d.policies) {
      const states = byPolicy.get(policy) ?? new Map<string, number>();
      states.set(state, (states.get(state) ?? 0) + 1);
      byPolicy.set(policy, states);
    }
    for (const [framework, id, passing] of d.controls) {
      const key = `${framework}\u0000${id}`;
      const entry = controls.get(key) ?? { framework, id, inScope: 0, passing: 0 };
      entry.inScope++;
      if (passing) entry.passing++;
      controls.set(key, entry);
    }
    if (devices.length < HTML_DEVICE_LIMIT) devices.push(d.device);
    else omitted++;
    return "";
  };
  return {
    streams: false,
    separator: "",
    begin: () => "",
    digest,
    take,
    finish: (summary: Summary, write) => {
      const report: HtmlReport = {
        now: meta.now,
        policySetHash: meta.policySetHash(),
        summary,
        byPolicy,
        controls: [...controls.values()].sort(
          (a, b) => a.framework.localeCompare(b.framework) || a.id.localeCompare(b.id, "en", { numeric: true }),
        ),
        devices,
        omitted,
      };
      return write(htmlPage(report));
    },
  };
};
