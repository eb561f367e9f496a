"""The raw ceiling of redis-benchmark for the very script calls Spyglass's Redis adapters make.

scripts/bench records, with MONITOR, one sample run of `spyglass-bench redis-sample` (one enqueue,
lease, complete and rate-limit decision under the key prefix `sample`). This replays those exact
EVALSHA calls (same scripts, same argument sizes; the job id made unique per call) with
redis-benchmark at the same concurrency as spyglass-bench's workers, each transition on its own:
- enqueue: ids `job_<20 hex>__rand_int__` with -r 10^9, so every call creates a job;
- lease: as many calls as there are queued jobs, so every call leases one;
- complete: jobs with ids 0..R-1 (R = 10 x N) are first enqueued and leased through
  `redis-cli --pipe` (not timed), then N completes hit random ids of them: about 5 % land on an
  already completed job and take the script's short path, so this ceiling is a little high;
- rate limit: one key of 1,000 per call, every decision allowed (the same policy as spyglass-bench).
And a GET of a 100-byte value from one client, single and 100 deep in a pipeline.
Prints JSON lines. The best of 3 rounds for each, except complete (one round, see above).

Usage: redis_ceiling.py PORT MONITOR_FILE JOBS CLIENTS
"""
import csv
import io
import json
import shlex
import subprocess
import sys

port, monitor_file, jobs, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ROUNDS = 3


def cli(*arguments, stdin=None):
    return subprocess.run(["redis-cli", "-p", port, *arguments], input=stdin, capture_output=True, check=True).stdout


def benchmark(arguments, requests, parallel, extra=()):
    out = subprocess.run(
        ["redis-benchmark", "-h", "127.0.0.1", "-p", port, "-c", str(parallel), "-n", str(requests), "--csv", *extra, *arguments],
        capture_output=True, check=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    if len(rows) != 1:
        raise SystemExit(f"redis-benchmark printed {out!r}")
    return rows[0]


def emit(**fields):
    print(json.dumps(fields), flush=True)


# The sample's script calls, in order of first appearance: enqueue, lease, complete, rate limit.
calls = {}
for line in open(monitor_file):
    if "] " not in line:
        continue
    words = shlex.split(line.split("] ", 1)[1])
    if words and words[0].upper() == "EVALSHA" and words[1] not in calls:
        calls[words[1]] = words
if len(calls) != 4:
    raise SystemExit(f"expected 4 distinct script calls in the MONITOR capture, found {len(calls)}")
enqueue, lease, complete, rate = calls.values()
sample_id = enqueue[7]  # EVALSHA sha numkeys ready leased prefix channel id …
if not sample_id.startswith("job_") or len(sample_id) != 36:
    raise SystemExit(f"unexpected job id in the sample: {sample_id}")


def with_prefix(command, prefix, job_id=None):
    out = [word.replace("{sample}", "{" + prefix + "}") for word in command]
    return [job_id if job_id and word == sample_id else word for word in out]


def numbered_id(number):
    return sample_id[:24] + f"{number:012d}"  # the same length as a real id


def best_rps(rows):
    return max(float(row["rps"]) for row in rows)


# Enqueue and lease, each on its own, N calls per round on a fresh prefix.
enqueue_rows, lease_rows = [], []
for round_ in range(ROUNDS):
    prefix = f"ceiling-{round_}"
    enqueue_rows.append(benchmark(with_prefix(enqueue, prefix, sample_id[:24] + "__rand_int__"), jobs, clients, ["-r", "1000000000"]))
    queued = int(cli("ZCARD", "{" + prefix + "}:ready"))
    lease_rows.append(benchmark(with_prefix(lease, prefix), queued, clients))
    if int(cli("ZCARD", "{" + prefix + "}:leased")) != queued:
        raise SystemExit("the lease ceiling did not lease every queued job")
emit(bench="redis_benchmark_evalsha_enqueue", calls=jobs, clients=clients, ops_per_s=best_rps(enqueue_rows))
emit(bench="redis_benchmark_evalsha_lease", calls=jobs, clients=clients, ops_per_s=best_rps(lease_rows))


def resp(words):
    encoded = [word.encode() for word in words]
    return b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%s\r\n" % (len(word), word) for word in encoded)


# Complete: R leased jobs with known ids first (untimed), then N completes on random ones.
span = 10 * jobs
setup = b"".join(resp(with_prefix(enqueue, "ceiling-complete", numbered_id(n))) for n in range(span))
setup += resp(with_prefix(lease, "ceiling-complete")) * span
cli("--pipe", stdin=setup)
if int(cli("ZCARD", "{ceiling-complete}:leased")) != span:
    raise SystemExit("the complete ceiling's setup did not lease every job")
complete_row = benchmark(with_prefix(complete, "ceiling-complete", sample_id[:24] + "__rand_int__"), jobs, clients, ["-r", str(span)])
completed = int(cli("ZCARD", "{ceiling-complete}:succeeded"))
emit(bench="redis_benchmark_evalsha_complete", calls=jobs, clients=clients, ops_per_s=float(complete_row["rps"]),
     real_completions=completed)

rate_key = rate[3]
rate_rows = [benchmark([("ceiling:rate:k__rand_int__" if word == rate_key else word) for word in rate], 2 * jobs, clients, ["-r", "1000"])
             for _ in range(ROUNDS)]
emit(bench="redis_benchmark_evalsha_rate_limit", calls=2 * jobs, clients=clients, ops_per_s=best_rps(rate_rows))

get_single = [benchmark(["GET", "bench-get"], 20000, 1) for _ in range(ROUNDS)]
get_pipelined = [benchmark(["GET", "bench-get"], 500000, 1, ["-P", "100"]) for _ in range(ROUNDS)]
for name, rows in [("redis_benchmark_get_single", get_single), ("redis_benchmark_get_pipelined_100", get_pipelined)]:
    best = min(rows, key=lambda row: float(row["p99_latency_ms"]))
    emit(bench=name, ops_per_s=best_rps(rows), p50_us=float(best["p50_latency_ms"]) * 1000, p99_us=float(best["p99_latency_ms"]) * 1000)
