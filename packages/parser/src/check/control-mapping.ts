/** A framework control a rule or policy maps to, e.g. `{ framework: "iso27001", id: "A.8.24" }`. */
export interface ControlMapping {
  framework: string;
  id: string;
}
