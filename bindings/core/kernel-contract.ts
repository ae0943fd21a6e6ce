/**
 * What crosses the boundary between the kernels (assembly/, compiled to
 * kernels.wasm and its JS translation) and the bindings (engine.ts): the
 * algorithm codes `run` takes, the arrays `arrayAddress` locates, the reason
 * and status codes the kernels write, and the slots of the result record.
 *
 * Plain numeric constants and nothing else, so that this one file compiles as
 * AssemblyScript (assembly/ imports it by relative path; each constant becomes
 * an i32 the compiler inlines) and as TypeScript (engine.ts, schedule.ts):
 * neither side keeps a copy. The package ships it with the bindings.
 */

// Algorithm codes: run(algorithm, ...).
export const ALGORITHM_EXACT = 0;
export const ALGORITHM_TREE = 1;
export const ALGORITHM_GREEDY = 2;
export const ALGORITHM_BSP = 3;
/** The sequential scheme (no-batching, and conventional on a final-exit-only problem). */
export const ALGORITHM_SEQUENTIAL = 4;

// Arrays in the kernels' linear memory, by arrayAddress(id); each has one entry per user unless noted.
// Inputs, written by the bindings after setup:
export const ARRAY_DATA_BITS = 0; // f64
export const ARRAY_SNR_HZ = 1; // f64
export const ARRAY_DEADLINE_S = 2; // f64
export const ARRAY_MIN_EXIT = 3; // i32: 1..N, 0 = no exit accurate enough
export const ARRAY_BLOCK_TIME_S = 4; // f64[N * (batchLimit + 1)]: t_n(b) at (n - 1) * (batchLimit + 1) + b
// Outputs, written by run:
export const ARRAY_SERVED = 5; // i32: 1 served, 0 not
export const ARRAY_EXIT = 6; // i32: the served user's exit, 0 for the unserved
export const ARRAY_BANDWIDTH_HZ = 7; // f64: the served user's band
export const ARRAY_REASON = 8; // i32: a REASON_* code
export const ARRAY_RUN_ORDER = 9; // i32[RESULT_RUN_ORDER_LENGTH]: sequential scheme's served users in run order
export const ARRAY_RESULT = 10; // f64[RESULT_SLOTS]: the result record
// Input: f64, what serving user k is worth (1 for everyone when the instance gives no weights).
export const ARRAY_WEIGHT = 11;

// Why each user is or is not served (ARRAY_REASON).
export const REASON_SERVED = 0;
/** No exit the scheme allows is accurate enough. */
export const REASON_ACCURACY = 1;
/** Cannot finish even if served alone with the whole band. */
export const REASON_UNREACHABLE = 2;
/** Could be served alone, but not within this frame's capacity. */
export const REASON_NOT_SELECTED = 3;

// RESULT_STATUS values.
export const STATUS_FEASIBLE = 0;
/** The served count (the served weight, with weights) is proved maximal (and, for exact and tree, the band least at that count). */
export const STATUS_OPTIMAL = 1;

// The result record every algorithm writes the same way: f64 slots at arrayAddress(ARRAY_RESULT).
/** Batch start tau of the schedule, s (0 when nobody is served). */
export const RESULT_TAU_S = 0;
/** A STATUS_* code. */
export const RESULT_STATUS = 1;
/** A proved upper bound on the served count. */
export const RESULT_UPPER_BOUND = 2;
/** Search nodes explored (0 for algorithms without a search). */
export const RESULT_NODES = 3;
/** Entries of ARRAY_RUN_ORDER in use (0 for batched schedules). */
export const RESULT_RUN_ORDER_LENGTH = 4;
/** A proved upper bound on the served weight (equal to RESULT_UPPER_BOUND when every weight is 1). */
export const RESULT_WEIGHT_BOUND = 5;
export const RESULT_SLOTS = 6;
