/** Policy texts the analyze tests share. */

/** Every sign-in to a resource, break-glass accounts aside, must need MFA. */
export const MFA_PROPERTY = `property mfa-everywhere "Every sign-in to a resource needs MFA" {
  assume signIn.application.userAction is missing and not ("breakglass" in signIn.groups)
  expect requires mfa
}
`;

/**
 * MFA for all users, narrowed by a platform list (so unknown platforms get in without MFA), and a
 * block that can never apply (declared on line 7).
 */
export const LOOSE_POLICIES = `access mfa-all "MFA for all" {
  users include all exclude group "breakglass"
  apps include all
  platforms include windows, macOS, iOS, android
  grant mfa
}
access never "Never applies" {
  users include group "g1" exclude group "g1"
  apps include all
  grant block
}
${MFA_PROPERTY}`;
