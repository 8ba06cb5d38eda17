-- wrk script of bench/Crawl.Bench: GET every path listed in the file named by $CRAWL_BENCH_PATHS (one per line: the
-- sample portal's pages, list pages and articles and attachments alike, in a shuffled order), cycling through the list.
-- Each wrk thread starts at a different point of the list, so the threads do not ask for the same page at once.
local paths = {}
for line in io.lines(os.getenv("CRAWL_BENCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end

local counter = 0
local next_index = 1

function setup(thread)
  counter = counter + 1
  thread:set("start", counter)
end

function init(args)
  -- start is set by setup(); spread the threads over the list.
  next_index = ((start or 1) * 7919) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index + 1
  if next_index > #paths then next_index = 1 end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("wrk-summary requests=%d duration_us=%d status_errors=%d connect_errors=%d read_errors=%d timeouts=%d p50_us=%d p99_us=%d paths=%d\n",
    summary.requests, summary.duration, non2xx, summary.errors.connect, summary.errors.read, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), #paths))
end
