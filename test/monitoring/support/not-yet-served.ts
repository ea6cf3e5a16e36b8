/**
 * Metric names the rules and dashboards use that the app does not serve yet, because the code
 * that exports them is still being written. Empty now: every name is served. The contract
 * test asserts these are STILL missing: when one lands, that test fails until it is removed
 * from this list — the list can only shrink.
 */
export const NOT_YET_SERVED: readonly string[] = [];

/**
 * Served (declared on /metrics) but with no samples after the live test's traffic, because no
 * route drives them yet. The live test skips panels that need only these and asserts they still
 * have no samples — shrink this list when they get traffic. Empty now: decisions and trades of
 * the running bot give every metric samples.
 */
export const NO_TRAFFIC_YET: readonly string[] = [];
