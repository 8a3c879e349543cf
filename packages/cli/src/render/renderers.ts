import type { Paint } from "../terminal.js";
import type { Renderer } from "./output-record.js";
import { csvRenderer, jsonRenderer, ndjsonRenderer } from "./render-data.js";
import { junitRenderer } from "./render-junit.js";
import { tableRenderer } from "./render-table.js";

export const CHECK_FORMATS = ["table", "json", "ndjson", "csv", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function rendererFor(format: CheckFormat, paint: Paint): Renderer {
  switch (format) {
    case "table":
      return tableRenderer(paint);
    case "json":
      return jsonRenderer();
    case "ndjson":
      return ndjsonRenderer();
    case "csv":
      return csvRenderer();
    case "junit":
      return junitRenderer();
  }
}
