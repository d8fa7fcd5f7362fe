-- benchmarks/pages.py runs wrk with this script and reads the one line done() prints.
-- Latencies in microseconds; errors.status counts answers other than 2xx/3xx; hits counts the
-- answers the page cache gave (X-Page-Cache: hit, core/pagecache.py).
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

hits = 0

response = function(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local all_hits = 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + thread:get("hits")
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, ' ..
    '"max": %d, "mean": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "hits": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout, all_hits))
end
