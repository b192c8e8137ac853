"""The official Smartcar Python SDK refreshing token pairs one after another (the benchmark's
baseline). Reads refresh tokens, one per line, from the file named by argv[1]; the SDK reads
SMARTCAR_CLIENT_ID, SMARTCAR_CLIENT_SECRET, SMARTCAR_REDIRECT_URI and SMARTCAR_AUTH_ORIGIN (the
full /oauth/token URL) from the environment. Prints one line: `sdk_seconds=<loop time> count=<n>`.
"""
import sys
import time

import smartcar

with open(sys.argv[1]) as f:
    tokens = [line.strip() for line in f if line.strip()]

client = smartcar.AuthClient(mode="simulated")
start = time.perf_counter()
for token in tokens:
    access = client.exchange_refresh_token(token)
    # Persist both, as Smartcar asks: an SDK user would write them to a store here.
    assert access.refresh_token and access.refresh_token != token
elapsed = time.perf_counter() - start
print(f"sdk_seconds={elapsed:.4f} count={len(tokens)}", flush=True)
