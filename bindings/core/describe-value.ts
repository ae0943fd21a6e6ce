/**
 * Values as a person would recognise them in an error message, with bounded
 * work on any input: the validator and solve() describe whatever they were
 * given, and that may be an array nested 100,000 deep or holding 10 million
 * items, a BigInt, or a symbol.
 */

/** JSON of a small value, or undefined when it would exceed `room` characters (never walks more than that). */
function shortJson(value: unknown, room: number): string | undefined {
  if (room <= 0) return undefined;
  if (Array.isArray(value)) {
    // Each item takes at least one character and a comma: a long array cannot fit, however deep.
    if (2 * value.length > room) return undefined;
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      const item = shortJson(value[i], room - out.length - 2);
      if (item === undefined) return undefined;
      out += (i > 0 ? "," : "") + item;
    }
    out += "]";
    return out.length <= room ? out : undefined;
  }
  if (typeof value === "object" && value !== null) return undefined;
  // JSON.stringify throws on a BigInt: write it as JavaScript does.
  if (typeof value === "bigint") return `${value}n`.length <= room ? `${value}n` : undefined;
  const text = typeof value === "string" && value.length > room ? undefined : JSON.stringify(value);
  return text !== undefined && text.length <= room ? text : undefined;
}

/**
 * A value as a person would recognise it in an error message. Bounded work on
 * any input: an array nested 100,000 deep or holding 10 million items is
 * described by its length, never serialised whole.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return shortJson(value, 40) ?? `an array of ${value.length} ${value.length === 1 ? "item" : "items"}`;
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
  if (typeof value === "object") return "an object";
  if (typeof value === "bigint") return `${value}n`;
  return String(value);
}
