-- wrk script: GET /api/v1/people/{id} with ids drawn uniformly from 1..MAX_ID.
-- The Authorization header comes from wrk's -H option (run.sh).
--
-- wrk runs on the cores it measures, so the script keeps its own work small:
-- the request is formatted once (wrk.format copies every header on each call,
-- about 1.5 µs of wrk's CPU a request) and only the id is spliced in.
local max_id = tonumber(os.getenv("MAX_ID") or "1000000")
local thread_count = 0
local path = "/api/v1/people/"
local head, tail

function setup(thread)
  thread_count = thread_count + 1
  thread:set("seed", thread_count)
end

function init(args)
  -- A different, fixed sequence per thread: runs are repeatable.
  math.randomseed(seed * 7919)
  local sample = wrk.format("GET", path .. "0")
  local id_at = sample:find(path .. "0", 1, true) + #path
  head, tail = sample:sub(1, id_at - 1), sample:sub(id_at + 1)
end

function request()
  return head .. math.random(1, max_id) .. tail
end
