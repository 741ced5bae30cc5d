#!/usr/bin/env python3
# How late the payment deadline cancels orders in a running local run: places N orders that wait (tok_3ds),
# follows each to CANCELLED, and prints how long after its deadline and after it was placed each was cancelled.
# Start the run with a short timeout first:
#   ORCH_PAYMENT_CONFIRMATION_TIMEOUT=10s scripts/run_local.sh --in-memory --port 18124
#   python3 scripts/lib/deadline_precision.py http://localhost:18124 30
import json, time, urllib.request, re, datetime, statistics, sys
api = sys.argv[1]
def req(method, path, body=None):
    r = urllib.request.Request(api + path, method=method, data=None if body is None else json.dumps(body).encode(),
                               headers={"Content-Type": "application/json"} if body is not None else {})
    with urllib.request.urlopen(r) as resp:
        return json.load(resp)
order = {"customer": {"customer_id": "c1", "email": "c@example.com", "name": "Casey"},
         "items": [{"product_id": "product-1", "quantity": 1, "unit_price": 19.99}],
         "shipping_address": {"street": "1 Main", "city": "T", "state": "CA", "postal_code": "12345", "country": "US"},
         "payment": {"payment_method": "credit_card", "card_token": "tok_3ds"}}
ids = []
for i in range(int(sys.argv[2])):
    ids.append(req("POST", "/orders", order)["order_id"])
    time.sleep(0.3)
def ts(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
late = []
deadline = time.time() + 120
pending = set(ids)
while pending and time.time() < deadline:
    for i in list(pending):
        o = req("GET", "/orders/" + i)
        if o["status"] == "CANCELLED":
            due = ts(re.search(r"confirmed by (\S+),", o["status_reason"]).group(1))
            moved = ts([h for h in o["history"] if h["status"] == "CANCELLED"][0]["at"])
            placed = ts(o["created_at"])
            late.append(((moved - due).total_seconds(), (moved - placed).total_seconds()))
            pending.discard(i)
    time.sleep(0.25)
print("orders", len(ids), "cancelled", len(late), "not cancelled", len(pending))
l = sorted(x[0] for x in late); p = sorted(x[1] for x in late)
print("after deadline: median %.2f s, max %.2f s; after placing: median %.2f s, max %.2f s (timeout 10 s)" % (statistics.median(l), max(l), statistics.median(p), max(p)))
