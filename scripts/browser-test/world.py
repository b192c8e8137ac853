"""The processes behind the browser: `carport emulator`, and one `carport connect` per scenario."""

import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.request

BIN = os.environ["CARPORT_BIN"]
CLIENT_ID = "browser-test-client"
# A canary: it must never show on any page.
SECRET = "CANARY-browser-secret-4471"


class Failure(Exception):
    pass


def wait_for(what, check, timeout=20.0):
    """Polls `check` until it returns something truthy and returns that; fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


class Process:
    """A child whose stdout and stderr are read by threads while it runs; with `typed`, its stdin
    is a pipe that `type` writes lines to, as an operator pastes."""

    def __init__(self, args, env, typed=False):
        self.args = args
        self.proc = subprocess.Popen(
            args, env=env, stdin=subprocess.PIPE if typed else subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self._out, self._err = [], []
        self._readers = [
            threading.Thread(target=self._drain, args=(stream, sink), daemon=True)
            for stream, sink in ((self.proc.stdout, self._out), (self.proc.stderr, self._err))
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _drain(stream, sink):
        for chunk in iter(lambda: stream.read1(4096), b""):
            sink.append(chunk.decode("utf-8", "replace"))

    def stdout(self):
        return "".join(self._out)

    def type(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def stderr(self):
        return "".join(self._err)

    def finish(self, timeout=30):
        """Waits for the exit and the end of both streams; returns the exit code."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"{' '.join(self.args[1:3])} did not exit within {timeout} s") from None
        for reader in self._readers:
            reader.join(timeout=5)
        return code

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        self.finish(timeout=10)


class Session:
    """One `carport connect` waiting for the customer, and the short URL it printed (with the
    hosted callback page, the Connect URL: there is no catcher)."""

    def __init__(self, process, home, hosted=False):
        self.process = process
        self.home = home
        if hosted:
            self.connect_url = wait_for("the Connect URL on carport's stdout", self._connect_url)
            return

        def short_url():
            if self.process.proc.poll() is not None:
                raise Failure("carport connect exited early:\n" + self.process.stderr())
            found = re.search(r"Open (http://localhost:\d+/c/[0-9a-f]{32}) ", self.process.stderr())
            return found and found.group(1)

        self.short_url = wait_for("the short URL on carport's stderr", short_url)

    def _connect_url(self):
        if self.process.proc.poll() is not None:
            raise Failure("carport connect exited early:\n" + self.process.stderr())
        line = self.process.stdout().split("\n")
        return len(line) > 1 and line[0]

    def expect_exit(self, expected):
        code = self.process.finish()
        if code != expected:
            raise Failure(f"carport connect exited {code}, expected {expected}:\n{self.process.stderr()}")


class World:
    """The emulator, registered with a redirect URI on a free port, and the environment that points
    carport at it (docs/EMULATOR.md, "Running it")."""

    def __init__(self, work):
        self.work = work
        port = free_port()
        self.redirect = f"http://localhost:{port}/callback"
        self.base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": work}
        # One registered app for both sides (docs/EMULATOR.md: the emulator takes it from the environment).
        self.app = {"SMARTCAR_CLIENT_ID": CLIENT_ID, "SMARTCAR_CLIENT_SECRET": SECRET, "SMARTCAR_REDIRECT_URI": self.redirect}
        self.connects = []  # the `carport connect` processes of the current scenario
        self.count = 0
        self.emulator = Process([BIN, "emulator", "--port", "0"], {**self.base, **self.app})
        try:
            self.origin = wait_for("the emulator's address", self._origin)
        except Failure:
            self.emulator.stop()
            raise

    def _origin(self):
        if self.emulator.proc.poll() is not None:
            raise Failure("carport emulator exited early:\n" + self.emulator.stdout() + self.emulator.stderr())
        found = re.search(r"^export SMARTCAR_API_ORIGIN=(\S+)", self.emulator.stdout(), re.M)
        return found and found.group(1)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.end_sessions()
        self.emulator.stop()

    def environment(self, home):
        return {
            **self.base, **self.app, "HOME": home, "CARPORT_HOME": os.path.join(home, "data"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"), "CARPORT_MODE": "test",
            "SMARTCAR_CONNECT_ORIGIN": self.origin, "SMARTCAR_AUTH_ORIGIN": self.origin,
            "SMARTCAR_API_ORIGIN": self.origin,
        }

    def connect(self, *extra, hosted=False):
        """Starts `carport connect --no-browser` in a fresh CARPORT_HOME, on a fresh emulator world
        (no account has approved anything yet, so every scenario sees the permission screen).
        `hosted`: the redirect URI is the emulator's copy of the hosted callback page
        (CARPORT_CALLBACK_PAGE=hosted), and stdin takes what the customer sends back."""
        self.admin("/admin/reset", {})
        self.count += 1
        home = os.path.join(self.work, f"home-{self.count}")
        os.makedirs(home, mode=0o700)
        args = [
            BIN, "connect", "--customer", "Hana Sato", "--scope", "read_vehicle_info read_vin read_odometer",
            "--no-browser", "--timeout", "2m", *extra,
        ]
        env = self.environment(home)
        if hosted:
            env.update({"SMARTCAR_REDIRECT_URI": self.hosted_page, "CARPORT_CALLBACK_PAGE": "hosted"})
        process = Process(args, env, typed=hosted)
        self.connects.append(process)
        return Session(process, home, hosted=hosted)

    @property
    def hosted_page(self):
        return self.origin + "/callback-page"

    def end_sessions(self):
        for process in self.connects:
            process.stop()
        self.connects = []

    def last_output(self):
        if not self.connects:
            return ""
        process = self.connects[-1]
        return f"--- carport connect stdout:\n{process.stdout()}--- stderr:\n{process.stderr()}---"

    def stored_vehicles(self, home):
        """The vehicles `carport list --json` shows in `home`'s store."""
        result = subprocess.run(
            [BIN, "list", "--json"], env=self.environment(home), capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise Failure(f"carport list failed: {result.stderr}")
        return json.loads(result.stdout)["vehicles"]

    def admin(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.origin + path, data=data, method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def counters(self):
        return self.admin("/admin/counters")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
