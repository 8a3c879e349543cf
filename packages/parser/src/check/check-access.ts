// TEMPORARY (lead, uncommitted): replaced by the ACCESS engineer's checker. Overwrite freely.
import type { AccessDecl, Expr } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CheckedAccess } from "./access-model.js";
export interface AccessCheckContext { report(d: Diagnostic): void; checkDeviceCondition(expr: Expr): void }
export function checkAccess(_decl: AccessDecl, _ctx: AccessCheckContext): CheckedAccess | undefined { return undefined; }
