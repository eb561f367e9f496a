"""What the browser tests stand on: a Spyglass server built from this checkout (embedded SQLite in
a temporary directory), a fixture site whose pages the tests change, and headless Chromium driven
by selenium through Debian's chromedriver. Everything listens on 127.0.0.1 only.

The runner prints Swift Testing's line shapes ("✔ Test …", "✘ Test … failed after …", "Test run
with N tests") so scripts/test counts these tests with the others.
"""
import http.server, os, shutil, socket, subprocess, sys, tempfile, threading, time, traceback, urllib.request

# Selenium Manager would look for drivers and report usage over the network: never.
os.environ["SE_AVOID_STATS"] = "true"

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = os.path.join(ROOT, "docs", "screenshots")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FixtureSite:
    """A competitor's site: pages by path, changed by the tests."""

    def __init__(self):
        self.pages = {}
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = site.pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


class SpyglassServer:
    """`spyglass serve` on a fresh data directory, loopback fixtures allowed."""

    def __init__(self, binary):
        self.directory = tempfile.mkdtemp(prefix="spyglass-browser-")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        environment = dict(os.environ)
        environment.update({
            "SPYGLASS_DATA_DIR": os.path.join(self.directory, "data"),
            "SPYGLASS_PORT": str(self.port), "SPYGLASS_HOST": "127.0.0.1",
            "SPYGLASS_ALLOW_NETWORKS": "127.0.0.0/8", "SPYGLASS_POLITENESS_MS": "0",
            "SPYGLASS_MIN_INTERVAL_SECONDS": "60",
            "SPYGLASS_LOG_LEVEL": os.environ.get("SPYGLASS_BROWSER_LOG_LEVEL", "warning"),
        })
        for name in ("SPYGLASS_DATABASE_URL", "SPYGLASS_REDIS_URL", "SPYGLASS_AMQP_URL"):
            environment.pop(name, None)
        self.log = open(os.path.join(self.directory, "serve.log"), "w")
        self.process = subprocess.Popen([binary, "serve"], env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base_url + "/healthz", timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("spyglass serve did not start:\n" + self.logs())

    def logs(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()[-4000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # Loopback only: no background services, and every host name but 127.0.0.1 fails to resolve.
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-default-apps", "--metrics-recording-only",
                     "--disable-features=Translate,OptimizationHints,MediaRouter",
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"):
        options.add_argument(argument)
    # The browser logs every console message, so a test can tell whether a script ran.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service("/usr/bin/chromedriver", service_args=["--allowed-ips=127.0.0.1"], port=free_port())
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, seconds=20):
    # An element of the page being replaced can go stale between finding and reading it: look again.
    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def screenshot(driver, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


def run(tests):
    """Runs each (name, function) with a fresh server, site and browser; prints Swift Testing-shaped lines."""
    binary = os.environ.get("SPYGLASS_BINARY") or sys.exit("SPYGLASS_BINARY is not set (scripts/test sets it)")
    failed = 0
    started_all = time.monotonic()
    for name, test in tests:
        started = time.monotonic()
        site, server, driver = FixtureSite(), None, None
        try:
            server = SpyglassServer(binary)
            driver = browser()
            test(driver, server, site)
            print(f"✔ Test \"{name}\" passed after {time.monotonic() - started:.3f} seconds.", flush=True)
        except Exception:
            failed += 1
            print(f"✘ Test \"{name}\" failed after {time.monotonic() - started:.3f} seconds.", flush=True)
            traceback.print_exc()
            if server:
                print("--- spyglass serve log ---\n" + server.logs())
        finally:
            if driver:
                driver.quit()
            if server:
                server.stop()
            site.stop()
    verdict = "failed" if failed else "passed"
    print(f"Test run with {len(tests)} tests {verdict} after {time.monotonic() - started_all:.3f} seconds.", flush=True)
    return 1 if failed else 0
