-- A realistic mix for wrk: each request takes the next address from bench/urls.txt
-- (written by bench/load.sh from the register itself), round-robin per thread.
local urls = {}
local counter = 0

function init(args)
  local file = io.open(args[1] or "var/bench-urls.txt", "r")
  for line in file:lines() do
    urls[#urls + 1] = line
  end
  file:close()
  counter = math.random(#urls)
end

-- BYPASS_CACHE=1: a session cookie keeps nginx's cache out of the way (deploy/nginx).
local headers = {["Accept-Language"] = "ru"}
if os.getenv("BYPASS_CACHE") == "1" then
  headers["Cookie"] = "sessionid=load-test"
end

function request()
  counter = counter % #urls + 1
  return wrk.format("GET", urls[counter], headers)
end

-- Count answers that are not 200 or 304 so the summary says whether the load was served.
local failures = 0
function response(status, headers, body)
  if status ~= 200 and status ~= 304 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx/304 answers: %d of %d\n", summary.errors.status,
                         summary.requests))
end
