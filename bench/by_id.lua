-- wrk script: GET /api/v1/people/{id} with ids drawn uniformly from 1..MAX_ID.
-- The Authorization header comes from wrk's -H option (run.sh).
local max_id = tonumber(os.getenv("MAX_ID") or "1000000")
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("seed", thread_count)
end

function init(args)
  -- A different, fixed sequence per thread: runs are repeatable.
  math.randomseed(seed * 7919)
end

function request()
  return wrk.format("GET", "/api/v1/people/" .. math.random(1, max_id))
end
