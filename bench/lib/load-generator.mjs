// The load generator: runs under Node (not Bun), in its own process, so it never shares a CPU
// scheduler or event loop with the server it measures. Input: one JSON argument
// {url, method, headers, body, connections, duration, warmup}. Output: one JSON line on stdout.
//
// Latency comes from autocannon's per-response timings (fractional milliseconds) rather than its
// histogram, which has 1 ms resolution: sub-millisecond servers would all read "0" or "1".
import autocannon from "autocannon";

const spec = JSON.parse(process.argv[2] ?? "{}");

/** @returns {Promise<{result: import("autocannon").Result, samples: number[]}>} */
function run(duration, record) {
  return new Promise((resolve, reject) => {
    /** @type {number[]} */
    const samples = [];
    const instance = autocannon(
      {
        url: spec.url,
        method: spec.method ?? "GET",
        headers: spec.headers ?? {},
        body: spec.body,
        connections: spec.connections,
        duration,
        timeout: 10,
      },
      (err, result) => (err ? reject(err) : resolve({ result, samples })),
    );
    if (record) {
      instance.on("response", (_client, status, _bytes, responseTime) => {
        if (status >= 200 && status < 300) samples.push(responseTime);
      });
    }
  });
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0);

if (spec.warmup > 0) await run(spec.warmup, false);
const { result, samples } = await run(spec.duration, true);
const sorted = Float64Array.from(samples).sort();
const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
const durationSeconds = result.duration;
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    durationSeconds,
    rps: result.requests.total / durationSeconds,
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), mean, max: percentile(sorted, 100) },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
