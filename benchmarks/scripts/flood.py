#!/usr/bin/env python3
"""By-hand flood client, as a new user would write one: one thread per client, HTTP/1.1
keep-alive while the server allows it, asks again at once after a 503 or 429 (ignores
Retry-After, to keep the pressure on). Prints the status counts, 2xx latency p50/p99 and
2xx per second of the run per path.

usage: flood.py PORT SECONDS CLIENTS:PATH[:HEADER=VALUE] ...
e.g.   flood.py 8080 25 '24:/demo/allocate?mb=24&holdMillis=1500'
"""
import collections
import http.client
import sys
import threading
import time

port = int(sys.argv[1])
duration = float(sys.argv[2])
specs = sys.argv[3:]
statuses = collections.defaultdict(collections.Counter)
latencies = collections.defaultdict(list)
lock = threading.Lock()
end = time.time() + duration


def client(path, headers, name):
    connection = None
    while time.time() < end:
        try:
            if connection is None:
                connection = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
            started = time.time()
            connection.request('GET', path, headers=headers)
            response = connection.getresponse()
            response.read()
            took = time.time() - started
            with lock:
                statuses[name][response.status] += 1
                if 200 <= response.status < 300:
                    latencies[name].append(took)
            if response.getheader('Connection', '').lower() == 'close':
                connection.close()
                connection = None
        except Exception as ex:
            with lock:
                statuses[name][type(ex).__name__] += 1
            if connection is not None:
                connection.close()
            connection = None


threads = []
for spec in specs:
    parts = spec.split(':')
    headers = dict([parts[2].split('=', 1)]) if len(parts) > 2 else {}
    name = parts[1] + (' ' + parts[2] if len(parts) > 2 else '')
    for _ in range(int(parts[0])):
        thread = threading.Thread(target=client, args=(parts[1], headers, name))
        thread.start()
        threads.append(thread)
for thread in threads:
    thread.join()
for name, counts in statuses.items():
    ok = sorted(latencies[name])
    percentile = lambda q: int(ok[min(len(ok) - 1, int(q * len(ok)))] * 1000) if ok else -1
    served = sum(count for status, count in counts.items() if isinstance(status, int) and 200 <= status < 300)
    print(name, dict(counts), 'p50', percentile(0.5), 'p99', percentile(0.99), '2xx/s %.1f' % (served / duration))
