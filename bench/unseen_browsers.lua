-- wrk -s bench/unseen_browsers.lua (run from the repository's root): every request from a browser whose
-- User-Agent was never seen before, the worst case of view counting: the crawler check cannot be answered from
-- memory, the repeat check misses and the view is counted. Reports as report.lua does.
dofile("bench/report.lua")

-- Seeded by the clock, so that each run's visitors are new to the server, not the last run's again.
local run = os.time()
math.randomseed(run)

local sent = 0

request = function()
  sent = sent + 1
  wrk.headers["User-Agent"] = string.format(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 v%d.%d.%d",
    run, math.random(1, 1000000000), sent)
  return wrk.format()
end
