-- wrk script: POST the api.md application again and again; counts the 202s and everything else.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- an applicant's bearer token (run.sh: ./run-local.sh token APPLICANT)
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = [[
{"applicant": {"name": "PT Maju Jaya", "idNumber": "3578012345670001", "email": "izin@majujaya.co.id", "phone": "+6281234567890"},
 "reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
             "placement": "OUTDOOR", "widthM": 4, "heightM": 8, "sides": 2, "units": 1, "heightAboveGroundM": 6},
 "location": {"address": "Jl. Raya Darmo 1", "district": "Tegalsari", "roadClass": "PROTOCOL",
              "latitude": -7.2756, "longitude": 112.7395},
 "period": {"startDate": "2099-01-01", "endDate": "2099-12-31"}}
]]

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  accepted = 0
  refused = 0
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local a, r = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    r = r + t:get("refused")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT accepted=%d seconds=%.1f accepted_per_s=%.0f other_status=%d socket_errors=%d\n",
    a, seconds, a / seconds, r, e.connect + e.read + e.write + e.timeout))
  io.write(string.format("RESULT latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
