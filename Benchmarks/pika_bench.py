"""The peer of `spyglass-bench amqp`: Python pika doing the same three things on the same broker.

1. publish with confirms, one at a time (each publish waits for its confirm);
2. publish with confirms in windows of 100 (100 sent, then wait for all 100 confirms);
3. consume with manual acks at prefetch 100 (the queue pre-filled).

Usage: pika_bench.py AMQP_URL [--messages N]; prints one JSON line per measurement.
Only loopback brokers: the benchmark refuses any other host.
"""
import argparse, ipaddress, json, resource, socket, time, uuid
from urllib.parse import urlparse

import pika

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("--messages", type=int, default=5000)
args = parser.parse_args()
host = urlparse(args.url).hostname or ""
if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
    raise SystemExit("pika_bench: only a broker on loopback")

params = pika.URLParameters(args.url)
body = b'{"id":"evt_0000","type":"change.detected","data":{"summary":"Pro plan went from $49 to $59"}}'
queue = "bench.pika." + uuid.uuid4().hex[:8]
n = args.messages


def declare(channel):
    channel.queue_declare(queue=queue, durable=True)
    channel.queue_purge(queue=queue)


CONSUME_CPU = [0.0]


def publish_one_at_a_time():
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    declare(channel)
    channel.confirm_delivery()
    started = time.perf_counter()
    for _ in range(n):
        # BlockingChannel in confirm mode returns only after the broker's ack.
        channel.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2), mandatory=False)
    elapsed = time.perf_counter() - started
    channel.queue_purge(queue=queue)
    connection.close()
    return n / elapsed


def publish_windows(window=100):
    """SelectConnection: the only pika connection that keeps confirms in flight."""
    state = {"sent": 0, "confirmed": 0, "started": 0.0, "elapsed": 0.0}

    def send_window(channel):
        for _ in range(min(window, n - state["sent"])):
            channel.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2))
            state["sent"] += 1

    def on_confirm(frame, channel):
        method = frame.method
        if isinstance(method, pika.spec.Basic.Nack):
            raise SystemExit("pika_bench: a publish was nacked")
        if method.multiple:
            state["confirmed"] = method.delivery_tag
        else:
            state["confirmed"] += 1
        if state["confirmed"] == n:
            state["elapsed"] = time.perf_counter() - state["started"]
            channel.connection.close()
        elif state["confirmed"] == state["sent"]:
            send_window(channel)

    def on_declared(_frame, channel):
        channel.confirm_delivery(lambda frame: on_confirm(frame, channel))
        state["started"] = time.perf_counter()
        send_window(channel)

    def on_channel(channel):
        channel.queue_declare(queue=queue, durable=True, callback=lambda frame: on_declared(frame, channel))

    def on_open(connection):
        connection.channel(on_open_callback=on_channel)

    connection = pika.SelectConnection(params, on_open_callback=on_open,
                                       on_close_callback=lambda *_: connection.ioloop.stop())
    connection.ioloop.start()
    return n / state["elapsed"]


def consume(prefetch=100):
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    declare(channel)
    for _ in range(n):
        channel.basic_publish("", queue, body, pika.BasicProperties(delivery_mode=2))
    # Wait until the broker holds them all, so only consuming is timed.
    while channel.queue_declare(queue=queue, durable=True, passive=True).method.message_count < n:
        time.sleep(0.01)
    channel.basic_qos(prefetch_count=prefetch)
    received = 0
    started = time.perf_counter()
    cpu_before = cpu_seconds()

    def on_message(ch, method, _properties, _body):
        nonlocal received
        ch.basic_ack(method.delivery_tag)
        received += 1
        if received == n:
            ch.stop_consuming()

    channel.basic_consume(queue, on_message, auto_ack=False)
    channel.start_consuming()
    elapsed = time.perf_counter() - started
    CONSUME_CPU[0] = cpu_seconds() - cpu_before
    channel.queue_delete(queue=queue)
    connection.close()
    return n / elapsed


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# Wall-clock rate (the broker bounds it for every client) and this process's CPU time per
# message (what the client itself costs). The consume run's CPU includes filling the queue
# first, so it is measured around the consuming alone, inside consume().
for name, run in [("publish_confirm_single", publish_one_at_a_time),
                  ("publish_confirm_window_100", publish_windows),
                  ("consume_manual_ack_prefetch_100", consume)]:
    cpu_before = cpu_seconds()
    rate = run()
    cpu = CONSUME_CPU[0] if name.startswith("consume") else cpu_seconds() - cpu_before
    print(json.dumps({"bench": "pika_" + name, "messages": n, "msgs_per_s": round(rate, 1),
                      "cpu_us_per_msg": round(cpu / n * 1e6, 1)}), flush=True)
