-- wrk script: POSTs the network query for one child, with the token and child id taken from
-- the environment (KINMAP_BENCH_TOKEN, KINMAP_BENCH_CHILD). Counts non-200 answers and
-- GraphQL errors so a fast stream of failures cannot pass for a result.
local token = os.getenv("KINMAP_BENCH_TOKEN")
local child = os.getenv("KINMAP_BENCH_CHILD")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"query":"query($id: ID!) { child(id: $id) { network { members { person { otherNames } } relationships { from { id } to { id } } } } }","variables":{"id":"' .. child .. '"}}'

local failures = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("failures") or 0)
  end
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f failed=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed))
end
