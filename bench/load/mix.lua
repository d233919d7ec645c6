-- wrk script: a signed-in patient's mix, in turn /Plan, /Diary, /Progress and a check-in POST (a day of the last
-- year, so writes are upserts spread over real rows). BC_COOKIE and BC_TOKEN (the anti-forgery token of the
-- signed-in session) come from the environment (bench/load/cluster.sh). One summary line at the end.
local cookie = os.getenv("BC_COOKIE")
local token = os.getenv("BC_TOKEN")
local pages = { "/Plan", "/Diary", "/Progress" }
local n = 0

request = function()
  n = n + 1
  local k = n % 4
  if k == 0 then
    local day = os.date("!%Y-%m-%d", os.time() - ((n / 4) % 365) * 86400)
    local body = "Date=" .. day .. "&Pain=" .. (n % 11) .. "&Note=load&__RequestVerificationToken=" .. token
    return wrk.format("POST", "/Diary", { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
  end
  return wrk.format("GET", pages[k], { ["Cookie"] = cookie })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("rps=%.1f p50=%.1fms p99=%.1fms requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout))
end
