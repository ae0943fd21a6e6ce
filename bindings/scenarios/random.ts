/**
 * A small seeded random source for the scenario generator. Math.random cannot
 * be seeded, so instances would not be reproducible; mulberry32 is a 32-bit
 * generator built only from integer operations (Math.imul, shifts), so its
 * stream is the same on every machine. The normal and exponential draws use
 * Math.log/cos, which are the same wherever the same JS engine runs (Node).
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    // Any integer seed (negative or above 2^32 too) maps onto the 32-bit state.
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1), with 32 random bits. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal by Box-Muller; always two uniforms per draw, no cached second value. */
  normal(): number {
    const u1 = 1 - this.next(); // in (0, 1], so the log is finite
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Exponential with mean 1 (|h|^2 of Rayleigh fading). */
  exponential(): number {
    return -Math.log(1 - this.next());
  }
}
