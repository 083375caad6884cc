-- wrk script of the load test (bench/load.py): checks every response and reports as JSON.
--
-- Environment (set by bench/load.py):
--   BENCH_PATHS     a file of request paths, one a line: the requests cycle over them (each
--                   thread starts at its own offset); empty: the URL given to wrk
--   BENCH_EXPECTED  the expected body length in bytes; 0: any non-empty body
--   BENCH_TOLERANCE how far a body length may differ from BENCH_EXPECTED
--
-- A response is bad when its status is not 200 (a redirect is bad too) or when its body is
-- empty or differs from the expected length by more than the tolerance. Responses with
-- "X-Cache: hit" are counted (the page cache's hits). done() prints one line
-- "BENCH_RESULT {json}" with wrk's summary, the latency percentiles and the bad responses.

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads)
   table.insert(threads, thread)
end

function init(args)
   bad_status = 0
   bad_size = 0
   cache_hits = 0
   checked = 0
   body_bytes = 0
   first_bad_status = 0
   expected = tonumber(os.getenv("BENCH_EXPECTED") or "0") or 0
   tolerance = tonumber(os.getenv("BENCH_TOLERANCE") or "0") or 0
   paths = {}
   local file = os.getenv("BENCH_PATHS") or ""
   if file ~= "" then
      for line in io.lines(file) do
         if line ~= "" then
            table.insert(paths, line)
         end
      end
   end
   if #paths > 0 then
      prepared = {}
      for index, path in ipairs(paths) do
         prepared[index] = wrk.format("GET", path)
      end
      -- Threads start at different places of the list.
      position = (thread_number * math.floor(#paths / 2)) % #paths
   end
end

-- Defined only with a list of paths: without it wrk sends the same prepared request (faster).
if (os.getenv("BENCH_PATHS") or "") ~= "" then
   function request()
      position = position % #prepared + 1
      return prepared[position]
   end
end

function response(status, headers, body)
   checked = checked + 1
   -- config/page_cache.py says whether the page came from the cache.
   if headers["X-Cache"] == "hit" or headers["x-cache"] == "hit" then
      cache_hits = cache_hits + 1
   end
   local length = body and #body or 0
   body_bytes = body_bytes + length
   if status ~= 200 then
      bad_status = bad_status + 1
      if first_bad_status == 0 then
         first_bad_status = status
      end
   elseif length == 0 or (expected > 0 and math.abs(length - expected) > tolerance) then
      bad_size = bad_size + 1
   end
end

function done(summary, latency, requests)
   local totals = {
      bad_status = 0, bad_size = 0, checked = 0, body_bytes = 0, first_bad_status = 0, cache_hits = 0
   }
   for _, thread in ipairs(threads) do
      for name, _ in pairs(totals) do
         local value = thread:get(name) or 0
         if name == "first_bad_status" then
            if totals[name] == 0 then
               totals[name] = value
            end
         else
            totals[name] = totals[name] + value
         end
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"duration_us": %d, "requests": %d, "bytes": %d, '
         .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, '
         .. '"status_errors": %d, "timeouts": %d, '
         .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
         .. '"checked": %d, "bad_status": %d, "first_bad_status": %d, "bad_size": %d, '
         .. '"body_bytes": %d, "cache_hits": %d}\n',
      summary.duration, summary.requests, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      latency.mean,
      totals.checked, totals.bad_status, totals.first_bad_status, totals.bad_size,
      totals.body_bytes, totals.cache_hits
   ))
end
