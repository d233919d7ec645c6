-- wrk script for the CDS Hooks services: every request carries a fresh pre-signed JWT from TOKENS (one per
-- line; a token is never reused, so replay protection stays on and costs what it costs in production) and,
-- for POST, the body in BODY. Each wrk thread takes every Nth token. Reports p50/p95/p99 and the count.
local tokens = {}
local index = 0
local stride = 1
local body = nil
local method = os.getenv("METHOD") or "POST"
local path = os.getenv("PATH_CALLED") or "/cds-services/backcare-order-sign"
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

init = function(args)
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  if method == "POST" then
    local f = io.open(os.getenv("BODY"), "r")
    body = f:read("*a")
    f:close()
  end
  stride = tonumber(os.getenv("THREADS") or "1")
  index = id + 1
end

request = function()
  local token = tokens[index]
  if token == nil then
    io.stderr:write("token pool exhausted\n")
    os.exit(3)
  end
  index = index + stride
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  return wrk.format(method, path, headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("p50=%.2fms p95=%.2fms p99=%.2fms requests=%d errors=%d rps=%.0f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1000000)))
end
