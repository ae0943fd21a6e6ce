/** How the page writes quantities: ms and MHz as people read them; the library speaks SI. */

export const ms = (seconds: number, digits = 2): string => (seconds * 1e3).toFixed(digits);
export const mhz = (hz: number, digits = 2): string => (hz / 1e6).toFixed(digits);
export const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** A tick step of 1, 2 or 5 times a power of ten that gives about `count` ticks over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / power;
  return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
}
