/** The colour sequences Tenet's own painters write (reset, bold, dim, red, green, yellow, blue, cyan). */
const OWN_COLOURS = "\\u001b\\[(?:0|1|2|31|32|33|34|36)m";
/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides of "Trojan Source". */
const CONTROL = "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]";
const UNSAFE = new RegExp(CONTROL);
/** Every control character `terminalText` escapes, for replacing them one for one (code frames). */
export const CONTROL_CHARACTERS = new RegExp(CONTROL, "g");
const SEQUENCE = new RegExp(`(${OWN_COLOURS})|${CONTROL}`, "g");

/**
 * Text for a terminal, with every control character from the data made visible (`\x1b`,
 * `\u{202e}`), so a device name, file name or policy string cannot move the cursor, retitle the
 * window, hide text or reorder a line. With `colour`, Tenet's own colour codes are kept.
 */
export function terminalText(text: string, colour = false): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(SEQUENCE, (whole, own: string | undefined) => {
    if (own !== undefined) return colour ? own : `\\x1b${own.slice(1)}`;
    return escapeChar(whole);
  });
}

function escapeChar(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
}
