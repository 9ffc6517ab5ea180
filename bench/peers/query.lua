-- wrk script: POSTs a GraphQL query, its $id drawn at random from a file of ids (one a line;
-- digits are sent as a number, anything else as a string). KINMAP_BENCH_TOKEN, when set, is
-- sent as the bearer token; KINMAP_BENCH_VARIABLES, when set, is added to the variables
-- (`"to":"..."`). Counts non-200 answers and answers with errors, so that a fast stream of
-- failures cannot pass for a result.
--
--   wrk -t1 -c16 -d20s --latency -s query.lua URL -- QUERY.graphql IDS.txt
local body_start, ids
local extra = os.getenv("KINMAP_BENCH_VARIABLES")
local failures = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  local query = file:read("*a"):gsub("%s+", " "):gsub("\\", "\\\\"):gsub('"', '\\"')
  file:close()
  body_start = '{"query":"' .. query .. '","variables":{'
  if extra and extra ~= "" then body_start = body_start .. extra .. "," end
  ids = {}
  for line in io.lines(args[2]) do
    if line:match("^%d+$") then table.insert(ids, line)
    elseif line ~= "" then table.insert(ids, '"' .. line .. '"') end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local token = os.getenv("KINMAP_BENCH_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
end

function request()
  local id = ids[math.random(1, #ids)]
  return wrk.format(nil, nil, nil, body_start .. '"id":' .. id .. "}}")
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
  io.write(string.format("RESULT requests=%d rps=%.2f p50_ms=%.3f p99_ms=%.3f failed=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed))
end
