-- wrk -s bench/new_visitors.lua (run from the repository's root): every request from a new visitor, as through a
-- proxy that appends the client's address to X-Forwarded-For (the server trusts one proxy), with the User-Agents
-- of common browsers: each view is counted. Reports as report.lua does.
dofile("bench/report.lua")

-- Seeded by the clock, so that each run's visitors are new to the server, not the last run's again.
local run = os.time()
math.randomseed(run)

local browsers = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
}
local sent = 0

request = function()
  sent = sent + 1
  wrk.headers["User-Agent"] = browsers[(sent % #browsers) + 1]
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format()
end
