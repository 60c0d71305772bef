-- wrk script: a simple lookup per request, rotating over municipality slugs (each request a different query).
local slugs = {}
for line in io.lines(os.getenv("KG_SLUGS") or "bench/slugs.txt") do slugs[#slugs + 1] = line end
local i = 0
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  i = i % #slugs + 1
  local q = "SELECT ?code ?label WHERE { <https://w3id.org/aeno-kg/id/gemeente/" .. slugs[i] ..
            "> <http://purl.org/dc/terms/identifier> ?code ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
  return wrk.format("GET", "/sparql?query=" .. encode(q), { ["Accept"] = "application/sparql-results+json" })
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read +
                         summary.errors.write + summary.errors.timeout))
end
