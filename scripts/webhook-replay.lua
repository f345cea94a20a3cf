-- wrk script for `make bench`: replays the signed webhook bodies of scripts/webhook-bodies.py,
-- one file per thread (.bench/webhooks.<thread>.txt), each request a body never sent before
-- until a file runs out (then it starts again, and the server counts duplicates).
local threads = 0

function setup(thread)
    thread:set("slice", threads)
    threads = threads + 1
end

local requests = {}
local next_request = 0

function init(args)
    local path = wrk.path
    for line in io.lines(".bench/webhooks." .. slice .. ".txt") do
        local tab = line:find("\t", 1, true)
        requests[#requests + 1] = wrk.format("POST", path, {
            ["Content-Type"] = "application/json",
            ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
        }, line:sub(tab + 1))
    end
end

function request()
    next_request = next_request % #requests + 1
    return requests[next_request]
end
