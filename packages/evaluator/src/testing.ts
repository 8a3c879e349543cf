// @tenet/evaluator/testing: what tests of Tenet and of policies need beyond the public API.
export { referenceEvaluate } from "./reference/reference-evaluate.js";
