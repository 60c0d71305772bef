-- wrk script: GET requests for the SPARQL queries in the file $KG_QUERIES (one URL-encoded query per line),
-- taken in turn. With KG_UNIQUE=1 each request also gets a comment with a counter ("#r123" on a line of its
-- own at the end), so that no two requests are the same and no cache can answer them. KG_RUN, if set, goes into
-- that comment too, so that the runs of wrk against one running server do not repeat each other either.
-- KG_DELAY_MS, if set, makes each connection wait that many milliseconds before each request: a paced load
-- that is the same for every server (while answers take much less than the pause), for latency at equal load.
local queries = {}
for line in io.lines(os.getenv("KG_QUERIES")) do queries[#queries + 1] = line end
local path = os.getenv("KG_PATH") or "/sparql"
local unique = os.getenv("KG_UNIQUE") == "1"
local run = os.getenv("KG_RUN") or ""
local accept = os.getenv("KG_ACCEPT") or "application/sparql-results+json"
local pause = tonumber(os.getenv("KG_DELAY_MS") or "0")
local i, c, n = 0, 0, 0

if pause > 0 then
  delay = function() return pause end
end

setup = function(thread)
  n = n + 1
  thread:set("prefix", run .. "t" .. n)
end

request = function()
  i = i % #queries + 1
  local q = queries[i]
  if unique then
    c = c + 1
    q = q .. "%0A%23r" .. (prefix or "") .. "x" .. c
  end
  return wrk.format("GET", path .. "?query=" .. q, { ["Accept"] = accept })
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout
  io.write(string.format("KG-RESULT requests=%d seconds=%.3f p50=%.3f p99=%.3f errors=%d\n", summary.requests,
                         summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, errors))
end
