import type { DeviceResult } from "@tenet/evaluator";
import { ENGINE_VERSION } from "@tenet/evaluator";
import { failsGate, type FailOn } from "../run/gate.js";
import { streamRenderer, type OutputRecord, type Renderer } from "./output-record.js";
import { builtinFailureText, failedText } from "./failure-text.js";

/** What a device that fails the gate is flagged for: each failing rule with what was read, or the built-in policy's failed setting. */
function findings(result: DeviceResult): { rule: string; text: string }[] {
  const out: { rule: string; text: string }[] = [];
  for (const p of result.policies) {
    for (const rule of p.rules) {
      if (rule.status !== "fail" && rule.status !== "error") continue;
      const why = rule.explanation?.failed[0] ?? rule.explanation?.errors[0];
      const detail =
        why === undefined ? "" : "expected" in why ? `: ${failedText(why)}` : `: ${why.path} ${why.reason}`;
      out.push({
        rule: rule.id,
        text: `${rule.status === "fail" ? "fails" : "cannot evaluate"} ${rule.id} (${rule.title})${detail}`,
      });
    }
  }
  for (const failed of result.defaultPolicy.failed)
    out.push({
      rule: `built-in.${failed}`,
      text: `fails the built-in default policy: ${builtinFailureText(failed, result.defaultPolicy)}`,
    });
  if (out.length === 0) out.push({ rule: `state.${result.state}`, text: result.state });
  return out;
}

const deviceName = (r: OutputRecord) => r.result?.deviceName ?? r.result?.deviceId ?? `#${r.input.index + 1}`;

/** GitHub's workflow-command escaping: data escapes `%`, CR, LF; property values also `:` and `,`. */
const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * `github`: one workflow annotation (`::error ...::`) per device that fails the gate and per
 * unreadable record, pointing at the input line, so a GitHub Actions run shows them on the job.
 */
export function githubRenderer(failOn: FailOn): Renderer {
  return streamRenderer((r) => {
    const where = `file=${property(r.input.source)}${r.input.line === undefined ? "" : `,line=${r.input.line}`}`;
    if (r.error !== undefined)
      return `::error ${where},title=${property(`${r.error.code} unreadable record`)}::${data(r.error.message)}\n`;
    if (r.result === undefined || !failsGate(r.result.state, failOn)) return "";
    const title = property(`${deviceName(r)} ${r.result.state}`);
    return findings(r.result)
      .map((f) => `::error ${where},title=${title}::${data(f.text)}\n`)
      .join("");
  });
}

/**
 * `sarif`: a SARIF 2.1.0 log for code-scanning UIs, with a result per failing rule of each device
 * that fails the gate and per unreadable record, located at the input line. Streamed: each
 * result starts with its separator, as `json`'s elements do.
 */
export function sarifRenderer(failOn: FailOn): Renderer {
  const driver = { name: "tenet", version: ENGINE_VERSION, informationUri: "https://github.com/tenet-policy/tenet" };
  const head =
    `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0",` +
    `"runs":[{"tool":{"driver":${JSON.stringify(driver)}},"results":[`;
  const result = (r: OutputRecord, ruleId: string, text: string) =>
    `,\n${JSON.stringify({
      ruleId,
      level: "error",
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: r.input.source.replace(/\\/g, "/") },
            ...(r.input.line === undefined ? {} : { region: { startLine: r.input.line } }),
          },
        },
      ],
    })}`;
  return streamRenderer(
    (r) => {
      if (r.error !== undefined) return result(r, r.error.code, `unreadable record: ${r.error.message}`);
      if (r.result === undefined || !failsGate(r.result.state, failOn)) return "";
      return findings(r.result)
        .map((f) => result(r, f.rule, `${deviceName(r)} (${r.result!.state}) ${f.text}`))
        .join("");
    },
    head,
    () => "\n]}]}\n",
    ",",
  );
}
