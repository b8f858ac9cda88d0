-- wrk script: POST the file named by $BODY as $CONTENT_TYPE (default text/csv).
-- wrk counts answers other than 2xx/3xx as "Non-2xx or 3xx responses" in its summary.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "text/csv"
