-- wrk script: POST /task with varying descriptions and values (tenant from $AIORG_BENCH_TENANT).
local counter = 0
local responses = 0
-- Optional: stop each thread after this many responses (to seed an exact number of tasks).
local max = tonumber(os.getenv("AIORG_BENCH_MAX") or "0")
local tenant = os.getenv("AIORG_BENCH_TENANT") or "demo"
local token = os.getenv("AIORG_BENCH_TOKEN")
local words = {"Implement", "Design", "Test", "Research", "Plan", "Monitor", "Refactor", "Document"}
local things = {"the ingestion API", "the dashboard", "alert rules", "the import job", "pricing", "the schema"}

request = function()
  counter = counter + 1
  local body = string.format(
    '{"description":"%s %s #%d","value":%d.%d,"tokens_plan":%d.5,"purpose_relevance":0.%d}',
    words[counter % #words + 1], things[counter % #things + 1], counter, counter % 13, counter % 10,
    counter % 7, counter % 9 + 1)
  local headers = {["Content-Type"] = "application/json", ["X-Tenant"] = tenant}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", "/task", headers, body)
end

response = function(status, headers, body)
  responses = responses + 1
  if max > 0 and responses >= max then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("non-2xx-or-socket-errors: %d\n", errors))
end
