// The host's clock (performance.now()), for time limits.
@external("env", "nowMs")
export declare function nowMs(): f64;
