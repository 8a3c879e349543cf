import { Command } from "commander";
import { choiceOption } from "../options/option-groups.js";
import {
  AUTH_METHODS,
  AuthConfigurationError,
  COLLECTIONS,
  GraphHttpError,
  pullTenant,
  requiredPermissions,
  type AuthMethod,
} from "@tenet/graph";
import { ENGINE_VERSION } from "@tenet/evaluator";
import { EXIT, usageError } from "../exit-codes.js";
import { choice, wholeNumber } from "../options/option-values.js";

interface PullOptions {
  out: string;
  auth?: string;
  tenantId?: string;
  clientId?: string;
  certificate?: string;
  tokenEnv?: string;
  graphUrl?: string;
  signinsDays?: string;
  concurrency?: string;
  timeout?: string;
  rateLimit?: boolean;
  restart?: boolean;
  stats?: boolean;
  quiet?: boolean;
}

export function pullCommand(): Command {
  const permissions = requiredPermissions()
    .map((p) => `  ${p}`)
    .join("\n");
  const collections = COLLECTIONS.map(
    (c) =>
      `  ${(c.file ?? `(${c.name})`).padEnd(36)} GET ${c.apiVersion === "beta" ? "beta" : "v1.0"}${c.path}  [${c.permission}]`,
  ).join("\n");
  return new Command("pull")
    .description(
      "read a tenant from Microsoft Graph (read-only) into a snapshot directory that check, whatif, import, report and diff read",
    )
    .argument("<source>", "intune")
    .requiredOption(
      "--out <dir>",
      "the snapshot directory to write (resumed if an interrupted pull left a checkpoint there)",
    )
    .addOption(
      choiceOption(
        "--auth <method>",
        `sign-in method (default auto: $TENET_GRAPH_TOKEN, else a client secret, certificate or federated token from AZURE_* variables)`,
        AUTH_METHODS,
      ),
    )
    .option("--tenant-id <id>", "directory (tenant) id (default $AZURE_TENANT_ID)")
    .option("--client-id <id>", "application (client) id (default $AZURE_CLIENT_ID)")
    .option(
      "--certificate <file>",
      "PEM certificate with private key for --auth client-certificate (default $AZURE_CLIENT_CERTIFICATE_PATH)",
    )
    .option("--token-env <name>", "environment variable holding a bearer token for --auth token", "TENET_GRAPH_TOKEN")
    .option("--graph-url <url>", "Graph's base URL (default $TENET_GRAPH_URL, else https://graph.microsoft.com)")
    .option("--signins-days <n>", "also pull the sign-ins of the last n days (GET /auditLogs/signIns)")
    .option("--concurrency <n>", "per-device requests in flight at once (default 8)")
    .option("--timeout <seconds>", "per-request timeout in seconds (default 60)")
    .option(
      "--no-rate-limit",
      "do not hold requests under Graph's documented throttling limits (for an emulator; Graph's Retry-After is still honoured)",
    )
    .option("--restart", "start over, discarding the checkpoint of an interrupted pull")
    .option("--stats", "print requests, seconds and peak memory on standard error at the end")
    .option("-q, --quiet", "no progress on standard error (warnings still print)")
    .addHelpText(
      "after",
      `
Read-only: every request is a GET. Application permissions it needs (Microsoft Graph, admin consent):
${permissions}
A collection whose permission is missing is listed in manifest.json "unreadable" with the permission
named, and its file is absent: unknown, never an empty list.

What it reads:
${collections}

Examples:
  $ AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... tenet pull intune --out snapshot/
  $ tenet pull intune --auth azure-cli --out snapshot/ --signins-days 7
  $ tenet check -p policies snapshot/   # exit 1 when a device fails a rule

Exit codes: 0 every collection read, 1 pulled but some collections could not be read (see warnings),
2 usage or sign-in error, or Graph failed after retries (run again to resume).`,
    )
    .action(async (source: string, options: PullOptions) => {
      process.exitCode = await runPull(source, options);
    });
}

async function runPull(source: string, options: PullOptions): Promise<number> {
  choice(source, ["intune"] as const, "<source>");
  const number = wholeNumber;
  const signinsDays = number(options.signinsDays, "--signins-days", 1, 30);
  const concurrency = number(options.concurrency, "--concurrency", 1, 64);
  const timeout = number(options.timeout, "--timeout", 1, 600);
  const auth = options.auth === undefined ? undefined : choice(options.auth, AUTH_METHODS, "--auth");
  const controller = new AbortController();
  const stop = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let pages = 0;
  const started = Date.now();
  try {
    const result = await pullTenant({
      out: options.out,
      auth: {
        ...(auth === undefined ? {} : { method: auth as AuthMethod }),
        ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
        ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
        ...(options.certificate === undefined ? {} : { certificatePath: options.certificate }),
        ...(options.tokenEnv === undefined ? {} : { tokenVariable: options.tokenEnv }),
      },
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      baseUrl: options.graphUrl ?? process.env.TENET_GRAPH_URL ?? "https://graph.microsoft.com",
      ...(signinsDays === undefined ? {} : { signinsDays }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
      ...(options.rateLimit === false ? { limits: false as const } : {}),
      restart: options.restart === true,
      signal: controller.signal,
      toolVersion: ENGINE_VERSION,
      warn: (message) => process.stderr.write(`tenet: warning: ${message}\n`),
      onPage: (name) => {
        pages++;
        if (options.quiet !== true && process.stderr.isTTY === true)
          process.stderr.write(`\rpulling ${name}: ${pages} pages`.padEnd(60));
      },
    });
    if (options.quiet !== true && process.stderr.isTTY === true) process.stderr.write("\n");
    const files = Object.entries(result.manifest.files)
      .map(([file, f]) => `${file} ${f.records}`)
      .join(", ");
    if (options.quiet !== true)
      process.stderr.write(
        `pulled into ${options.out}${result.resumed ? " (resumed)" : ""} with ${result.requests} requests: ${files}\n`,
      );
    if (options.stats === true)
      process.stderr.write(
        `stats: ${result.requests} requests in ${((Date.now() - started) / 1000).toFixed(2)} s, ` +
          `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
      );
    return result.manifest.unreadable.length > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof AuthConfigurationError) throw usageError("CP5216", { reason: error.message });
    if (controller.signal.aborted) {
      process.stderr.write(
        `\ntenet: interrupted; run the same command again to resume from the checkpoint in ${options.out}\n`,
      );
      return EXIT.usage;
    }
    if (error instanceof GraphHttpError) {
      throw usageError("CP5217", { reason: error.message, url: error.url });
    }
    throw error;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
