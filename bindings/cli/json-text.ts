/**
 * JSON for people to read and diff: indented like JSON.stringify(v, null, 2),
 * but an array of plain numbers stays on one line, so a latency point reads
 * `[32, 0.02286]` instead of taking four lines.
 */
export function toReadableJson(value: unknown): string {
  // A round trip first gives plain JSON data: toJSON applied, undefined and functions dropped.
  const text = JSON.stringify(value);
  return text === undefined ? "null" : write(JSON.parse(text), "");
}

function write(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === "number")) return `[${value.map((n) => JSON.stringify(n)).join(", ")}]`;
    return `[\n${value.map((item) => inner + write(item, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
