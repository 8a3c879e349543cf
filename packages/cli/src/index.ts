// @tenet/cli: the `tenet` command, a thin shell over @tenet/parser and @tenet/evaluator.
export { buildProgram } from "./program.js";
