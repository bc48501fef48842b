-- wrk script: GET with the tenant header (and a token when $AIORG_BENCH_TOKEN is set).
local tenant = os.getenv("AIORG_BENCH_TENANT") or "demo"
local token = os.getenv("AIORG_BENCH_TOKEN")
request = function()
  local headers = {["X-Tenant"] = tenant}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", nil, headers)
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("non-2xx-or-socket-errors: %d\n", errors))
end
