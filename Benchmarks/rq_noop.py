"""Python RQ on the same work as spyglass-bench's Redis queue benchmark: enqueue N no-op jobs,
then burst workers run them until the queue is empty; enqueue + process timed as one cycle.

Its fastest fair configuration, measured: jobs go in with `Queue.enqueue_many` (one pipelined
round trip per 1,000 jobs, where Spyglass sends one script call per job) and are run by
`SimpleWorker` in burst mode (no fork per job; RQ's default `Worker` forks for every job).
Worker logging is set to WARNING so a log line per job is not what is measured.
Prints one JSON line: the best of --rounds rounds, each on a fresh queue.

Usage: rq_noop.py REDIS_URL [--jobs N] [--workers W] [--rounds R]
"""
import argparse
import json
import multiprocessing
import time

from redis import Redis
from rq import Queue, SimpleWorker


def noop():
    return None


def work(url, queue_name):
    connection = Redis.from_url(url)
    SimpleWorker([Queue(queue_name, connection=connection)], connection=connection).work(
        burst=True, logging_level="WARNING"
    )


def one_round(url, jobs, workers, queue_name):
    connection = Redis.from_url(url)
    queue = Queue(queue_name, connection=connection)
    start = time.perf_counter()
    for first in range(0, jobs, 1000):
        queue.enqueue_many([Queue.prepare_data(noop) for _ in range(first, min(first + 1000, jobs))])
    enqueued = time.perf_counter()
    processes = [multiprocessing.Process(target=work, args=(url, queue_name)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    end = time.perf_counter()
    finished = queue.finished_job_registry.count
    if finished != jobs:
        raise SystemExit(f"rq finished {finished} of {jobs} jobs")
    return end - start, enqueued - start, end - enqueued


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--jobs", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    rounds = [
        one_round(options.url, options.jobs, options.workers, f"bench-rq-{options.workers}-{index}-{time.time_ns()}")
        for index in range(options.rounds)
    ]
    total, enqueue, process = min(rounds)
    print(json.dumps({
        "bench": "rq_enqueue_process", "jobs": options.jobs, "workers": options.workers,
        "jobs_per_s": round(options.jobs / total, 1), "enqueue_jobs_per_s": round(options.jobs / enqueue, 1),
        "process_jobs_per_s": round(options.jobs / process, 1),
    }))


if __name__ == "__main__":
    main()
