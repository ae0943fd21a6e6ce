// The exact search's mutable state, declared here once: every other file of
// exact/ reads and writes these module globals (WebAssembly globals, as fast
// as locals), so the files depend on this one and never on each other in a
// circle. runExact (exact.ts) sizes the arrays and resets the scalars.

export const MAX_DEPTH: i32 = 8192;

// Nodes the single search may take before the two phases take over. Measured on
// the bench instances: the default scenario up to K = 100 finishes within this
// in one search (23-74 nodes, where two phases take up to 1.5x longer); the
// large cell without batch limit needs 5-20x fewer nodes in two phases.
export const ONE_SEARCH_NODES: f64 = 80;
export let oneSearchNodes: f64 = ONE_SEARCH_NODES;

// The search's arrays (addresses in the arena; sized by runExact).
export let users: usize = 0; // i32[Ks] servable users
export let userCount: i32 = 0;
export let nodeBox: usize = 0; // i32[MAX_DEPTH] -> i32[2 (N + 2)]: b_lo then b_hi
export let relaxedSet: usize = 0; // i32[K]
export let capUsed: usize = 0; // i32[N + 2]
export let computeLo: usize = 0; // f64[N + 2]: D_e under the smallest batches
export let eligibleAt: usize = 0; // i32[N + 2]: eligible users per exit
export let latest: usize = 0; // f64[K]: a_k under the smallest batches
export let negDeadline: usize = 0; // f64[K]: sort key of groupByExitLatestFirst, deadline descending
export let byDeadline: usize = 0; // i32[Ks]: servable users by exit class, each by deadline descending
export let classStart: usize = 0; // i32[N + 2]: where each class starts in byDeadline (classStart[N + 1] = end)
export let classHead: usize = 0; // i32[N + 2]: merge positions
export let headLatest: usize = 0; // f64[N + 2]: the latest start at each class's merge position (-Infinity: done)
export let headUser: usize = 0; // i32[N + 2]: the user there
export let chainTo: usize = 0; // f64[Ks + 2]: capByDeadlines' compute time through the blocks so far, by batch size
export let byLatest: usize = 0; // i32[Ks]: eligible users, latest start descending
export let eligibleCount: i32 = 0;
export let price: usize = 0; // f64[K]
export let byPrice: usize = 0; // i32[Ks]
export let droppedPrefix: usize = 0; // f64[Ks + 1]
export let relaxedThrough: usize = 0; // i32[N + 2]: tasks of the relaxed set through each block

export let incumbent: usize = 0; // i32[K]
export let bestCount: i32 = 0;
export let bestBandwidth: f64 = 0;
export let deadlineMs: f64 = Infinity;
export let timedOut: bool = false;
// A sort or pricing loop of this node stopped at the run's time limit: nothing it computed is a bound.
export let cutShort: bool = false;
export let nodeLimit: f64 = Infinity; // the single search gives up past this many nodes
export let abandoned: bool = false;
export let openBound: i32 = 0;
// 1 while proving the count (only larger sets matter), 0 while proving the least band.
export let countPhase: i32 = 0;
// The second of two phases: every set of the search has exactly the incumbent's count.
export let bandPhase: bool = false;
export let capsFromDeadlines: bool = false;
// The deadline DP of deadline-band.ts runs (not in the 5% proof, whose target prunes by the cheap bounds).
export let chargeDeadlines: bool = true;
export let deadlineBandOn: bool = false; // ... in this run at all (large inputs, three exits or more)
// The two phases look for larger and cheaper incumbents by moving tasks between exit classes (improve.ts).
export let classMoves: bool = false; // capByDeadlines at every node (large inputs only, like the phases)
export let exactNodes: f64 = 0;

// One remembered price per user: nodes near each other in the search mostly
// price a user at the same start (their common hi), and w^min dominates a node's cost.
export let relaxPrices: usize = 0; // price memo of the relaxations

// A second remembered price per user: a depth-first search goes back and forth
// between a parent's start and a child's, and one slot alone keeps missing.
export let olderPrices: usize = 0; // f64[2K]: start, then w^min, per user

export let relaxedBandAtBest: f64 = 0; // relaxed band at the incumbent's count
export let pricedCount: i32 = 0; // users relax priced (eligible, affordable), in byPrice
export let relaxedBandAtCount: f64 = 0; // relaxed band of the whole relaxed set

// Consecutive nodes mostly price users alike, so byPrice starts from the
// previous node's order and an insertion sort repairs it (a full sort when
// too much moved): the same order, at a fraction of the cost.
export let lastByPrice: usize = 0; // i32[K]: the previous relaxation's order
export let lastPricedCount: i32 = 0;
export let priceStamp: usize = 0; // i32[K]: stampNow = priced at this node, -stampNow = placed in byPrice
export let stampNow: i32 = 0;

export let bothCount: i32 = 0; // the smaller of the first two relaxations' counts
export let combinedCount: i32 = 0; // the count bound of relaxWithFloorsAndCaps at this node
export let classOffset: usize = 0; // i32[N + 2]
export let classPrices: usize = 0; // f64[K]: priced users' prices grouped by exit class, each ascending
export let classUsers: usize = 0; // i32[K]: the users behind classPrices
export let slopesA: usize = 0; // f64[K + 1]
export let slopesB: usize = 0; // f64[K + 1]

// The band phase's joint floors and caps (tighten.ts).
export let jointRows: usize = 0; // f64[(N + 2) (rowLength)]: g_n's slopes per block, in the band phase
export let jointRowLength: i32 = 0;
export let jointStart: usize = 0; // i32[N + 2]: g_n's domain start
export let jointLen: usize = 0; // i32[N + 2]: g_n's slope count
export let jointValue: usize = 0; // f64[N + 2]: g_n(start)
export let jointG: usize = 0; // f64[rowLength]: g_n(v) for the block being tightened
export let jointH: usize = 0; // f64[rowLength]: h_n(q)

// What the search proved, for the run's result.
export let exactOptimal: bool = false;
export let exactUpperBound: i32 = 0;

// The two phases' targets (phases.ts).
export let fixedTarget: i32 = 0; // > 0: the search only asks whether a set of this many tasks exists
export let provedBelow: i32 = 0; // > 0: no set of this many tasks exists (proved)

// With weights (weighted.ts and its kin): the incumbent's served weight, the servable users
// heaviest first and their prefix sums, the users by weight per hertz at a node,
// each depth's weight bound, and the exact leaf search's arrays (weighted-leaf.ts).
export let bestWeight: f64 = 0;
export let byWeight: usize = 0; // i32[Ks]: servable users, heaviest first
export let heavyPrefix: usize = 0; // f64[Ks + 1]
export let ratioKey: usize = 0; // f64[K]: minus weight per hertz of price
export let byRatio: usize = 0; // i32[Ks]
export let weightedSet: usize = 0; // i32[K]: a candidate by weight per hertz within the caps and the band
export let weightAt: usize = 0; // f64[MAX_DEPTH]: each depth's weight bound
export let exploringDepth: i32 = 0;
export let openWeight: f64 = 0; // the largest weight bound of a node left open
export let leafList: usize = 0; // i32[Ks]: a leaf's priced users by class, each heaviest first
export let leafPrefix: usize = 0; // f64[Ks + 1]: weights summed along leafList
export let leafClassStart: usize = 0; // i32[N + 2]
export let leafNeed: usize = 0; // i32[N + 2]: tasks the leaf's box takes from each exit class
export let laterTop: usize = 0; // f64[N + 2]: the heaviest tasks classes e..N could give
export let laterCheap: usize = 0; // f64[N + 2]: the least band classes e..N need
export let leafTaken: usize = 0; // i32[K]
export let leafBest: usize = 0; // i32[K]
export let leafBestWeight: f64 = 0;
export let leafBestBand: f64 = 0;
export let leafFound: bool = false;
export let leafWork: i32 = 0;
export let leafStopped: bool = false;
export let byReduced: usize = 0; // i32[Ks]: priced users by reduced weight w_k - lambda p_k, largest first
export let reducedKey: usize = 0; // f64[K]: minus the reduced weight
export let reducedStamp: i32 = 0; // byReduced holds the users of the node of this stampNow (0: none)
export let reducedCount: i32 = 0; // ... this many of them
// The last order by reduced weight at a multiplier above 0 (lagrange.ts): the next node's first such order starts from it.
export let savedOrder: usize = 0; // i32[Ks]
export let savedCount: i32 = 0;
export let savedStamp: i32 = 0; // the stampNow of the node that saved it
export let savedMark: usize = 0; // i32[K]: stampNow once placed by startFromSaved
export let lagrangeUsed: f64 = 0; // band of the set the last Lagrangian evaluation chose
export let bestLambda: f64 = 0; // the multiplier of the least Lagrangian bound found
export let leafLambda: f64 = 0; // the multiplier of the leaf being searched
export let capsThrough: usize = 0; // i32[N + 2]: tasks through each block of the caps search's set
export let capsTaken: usize = 0; // i32[K]: the caps search's current set, its users in the order taken
export let capsTakenCount: i32 = 0;
export let capsBest: usize = 0; // i32[K]: the best set it found (flags)
export let capsBestList: usize = 0; // i32[K]: ... its users
export let capsBestCount: i32 = 0;
export let capsPositive: usize = 0; // f64[Ks + 1]: suffix sums of the positive reduced weights along byReduced
export let prefixBefore: usize = 0; // f64[Ks + 1]: boxByWeight's prefix sums of the heaviest exiting before a block
export let prefixAfter: usize = 0; // f64[Ks + 1]: ... and exiting at it or later
export let floorList: usize = 0; // i32[Ks]: the Lagrangian with floors: priced users by class, each by reduced weight
export let floorStart: usize = 0; // i32[N + 2]: where each class starts in floorList
export let floorMergeA: usize = 0; // i32[Ks]: merged slopes (users), reduced weights descending; scratch of the grouping (swapped with floorList)
export let floorMergeB: usize = 0; // i32[Ks]
export let capsBestWeight: f64 = 0;
export let capsBestBand: f64 = 0;
export let capsFound: bool = false;
export let capsWork: i32 = 0;
export let capsCeiling: f64 = Infinity; // the node's weight bound: no set of the caps search weighs more
export let capsSearchSteps: i32 = 2000; // the caps search's step limit (lagrange.ts)
