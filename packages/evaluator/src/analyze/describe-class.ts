import type { CheckedAccess } from "@tenet/parser";
import { MEMBER, type SignInDraft } from "./sign-in-space.js";

const list = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(", ");

/** A one-line description of a class's representative sign-in, for findings. */
export function describeDraft(d: SignInDraft): string {
  const who = [
    d.guestKind === MEMBER ? "a member" : `a ${d.guestKind} user`,
    d.userId.startsWith("tenet-other") ? "" : `\`${d.userId}\``,
    d.groups.length > 0 ? `in ${list(d.groups)}` : "in none of the named groups",
    d.roles.length > 0 ? `with role ${list(d.roles)}` : "",
  ].filter((x) => x !== "");
  const what =
    d.userAction !== undefined
      ? `user action \`${d.userAction}\``
      : d.contexts.length > 0
        ? `authentication context ${list(d.contexts)}`
        : (d.appId?.startsWith("tenet-other") === true ? "an app no policy names" : `app \`${d.appId}\``) +
          (d.suites.length > 0 ? ` in ${list(d.suites)}` : "");
  const device =
    d.device === null
      ? "an unregistered device"
      : `a ${d.device.isCompliant === true ? "compliant" : "noncompliant"}` +
        `${d.device.trustType === "ServerAD" ? " hybrid joined" : ""} device`;
  const named = d.namedLocations.length === 0 ? "no named location" : `named location ${list(d.namedLocations)}`;
  const where = `${named}${d.trusted ? " (trusted)" : ""}, country \`${d.country}\``;
  return (
    `${who.join(" ")} reaching ${what} with a \`${d.clientAppType}\` client on \`${d.platform}\` from ` +
    `${device}, ${where}, sign-in risk \`${d.signInRisk}\`, user risk \`${d.userRisk}\`` +
    (d.authenticationFlow === undefined ? "" : `, authentication flow \`${d.authenticationFlow}\``)
  );
}

/** What a dimension of a policy would have to admit for the policy to cover `d`. */
export function describeCondition(dim: string, policy: CheckedAccess, d: SignInDraft): string {
  switch (dim) {
    case "users":
      return "its users condition (includes or exclusions) to admit this user";
    case "apps":
      return "its applications condition to admit this target";
    case "clientAppTypes":
      return `its client app types to include \`${d.clientAppType}\``;
    case "platforms":
      return `its platforms to admit \`${d.platform}\``;
    case "locations":
      return "its locations condition to admit this location";
    case "signInRisk":
      return `its sign-in risk levels to include \`${d.signInRisk}\``;
    case "userRisk":
      return `its user risk levels to include \`${d.userRisk}\``;
    case "authenticationFlows":
      // `none` cannot be listed: only dropping the condition admits sign-ins without a transfer flow.
      return d.authenticationFlow === undefined || d.authenticationFlow === "none"
        ? "its `authenticationFlows` condition removed (sign-ins without a device code or transfer flow never meet it)"
        : `its authentication flows to include \`${d.authenticationFlow}\``;
    default:
      return `its device filter (${policy.deviceFilter?.mode ?? "no"} mode) to admit this device`;
  }
}
