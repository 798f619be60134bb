-- wrk script for scripts/bench.sh (multidriver.jar bench, WrkLoad) and scripts/soak.sh: durable 256-byte writes, PUT /kv/{key} over 100,000 distinct keys.
-- Prints one machine-readable RESULT line at the end (latencies in microseconds).
local body = string.rep("v", 256)
local counter = 0
-- The nodes authenticate every write: bench.sh passes the admin token in the environment.
local auth = "Bearer " .. (os.getenv("MULTIDRIVER_TOKEN") or "")

function setup(thread)
  thread:set("offset", math.random(0, 1000000))
end

function request()
  counter = counter + 1
  return wrk.format("PUT", "/kv/bench-" .. ((counter + (offset or 0)) % 100000),
    { ["Content-Type"] = "text/plain", ["Authorization"] = auth }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
