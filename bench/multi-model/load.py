"""Loads models into a multi-model Skiff over one kept-alive connection and times each POST /models.

    python3 load.py BASE_URL MODELS_ROOT COUNT [--until-507]

Loads m000001, m000002, ... from MODELS_ROOT/<name>/model (the path as the server sees it), COUNT of them, or until
the first 507 with --until-507. Prints how many loaded, the load times (ms: p50, p90, p99, max, as the client saw
them, and the server's own loadMillis p50), and the first refusal. Exits non-zero on any answer but 200 (or 507 with
--until-507).
"""
import http.client
import json
import sys
import time
import urllib.parse


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    base, root, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    until_507 = "--until-507" in sys.argv[4:]
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    client_ms, server_ms, refused = [], [], None
    for i in range(1, count + 1):
        name = "m%06d" % i
        body = json.dumps({"model_name": name, "url": "%s/%s/model" % (root, name)})
        start = time.perf_counter()
        connection.request("POST", "/models", body, {"Content-Type": "application/json"})
        answer = connection.getresponse()
        text = answer.read().decode()
        elapsed = (time.perf_counter() - start) * 1000
        if answer.status == 200:
            client_ms.append(elapsed)
            server_ms.append(json.loads(text)["loadMillis"])
            continue
        refused = "%s %d: %s" % (name, answer.status, text.strip())
        if not (until_507 and answer.status == 507):
            print("unexpected answer: " + refused)
            sys.exit(1)
        break
    print("loaded %d models" % len(client_ms))
    if client_ms:
        print("load ms (client): p50 %.2f, p90 %.2f, p99 %.2f, max %.2f; server's loadMillis p50 %d" % (
            percentile(client_ms, 0.5), percentile(client_ms, 0.9), percentile(client_ms, 0.99), max(client_ms),
            percentile(server_ms, 0.5)))
    if refused:
        print("first refusal: " + refused)


if __name__ == "__main__":
    main()
