"""The TUI under tmux, timed from the outside (scripts/bench-fleet). Drives `carport tui` in a
private tmux server through control mode (`tmux -C`), which reports every byte the program writes
as it arrives, so a frame's time is when its last byte reached the terminal, not a polling step. A key is
pressed just after the clock in the title has redrawn (once a second), so the output that
follows, up to a quiet gap, is that key's frame and not the clock's.

Prints `bench:` lines: the first frame (the first page of rows drawn) from start, the median
keystroke-to-frame latency of a typed filter and of the sort keys, and the resident memory.
Usage: tui_latency.py CARPORT_BINARY CARPORT_HOME [FILTER_TEXT]
"""
import os
import select
import statistics
import subprocess
import sys
import time

QUIET = 0.03  # no output for this long after the awaited text: the frame is complete


class Pane:
    def __init__(self, binary, home):
        self.socket = f"carport-bench-{os.getpid()}"
        command = f"stty -echo; read go; exec env CARPORT_HOME={home} {binary} tui"
        self.tmux = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "-C", "new-session", "-s", "bench", "-x", "80", "-y",
             "24", "sh", "-c", command],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.buffer = b""
        self.send("refresh-client -C 80x24")
        self.drain(1.0)

    def send(self, command):
        self.tmux.stdin.write((command + "\n").encode())

    def lines(self, timeout):
        """Yields (arrival time, line) for each line tmux writes, until `timeout` passes quietly."""
        while True:
            ready, _, _ = select.select([self.tmux.stdout], [], [], timeout)
            if not ready:
                return
            chunk = os.read(self.tmux.stdout.fileno(), 1 << 16)
            if not chunk:
                return
            arrived = time.perf_counter()
            self.buffer += chunk
            *complete, self.buffer = self.buffer.split(b"\n")
            for line in complete:
                yield arrived, line

    def drain(self, quiet):
        for _ in self.lines(quiet):
            pass

    def frame_after(self, started, wanted=b"", deadline=30.0):
        """Seconds from `started` to the last output of the frame that shows `wanted`."""
        shown = b""
        last = None
        while time.perf_counter() < started + deadline:
            for arrived, line in self.lines(QUIET):
                if line.startswith(b"%output "):
                    last = arrived
                    shown += line.split(b" ", 2)[2] if line.count(b" ") >= 2 else b""
            if last is not None and wanted in shown:
                return last - started
        raise SystemExit(f"no frame showing {wanted!r} within {deadline} s")

    def after_clock(self):
        """Waits for the title clock's redraw to end: the next one is about a second away."""
        self.frame_after(time.perf_counter(), deadline=3.0)

    def keys(self, *keys):
        self.send("send-keys -t bench " + " ".join(keys))

    def pid(self):
        out = subprocess.run(
            ["tmux", "-L", self.socket, "display-message", "-p", "-t", "bench", "#{pane_pid}"],
            capture_output=True, text=True, check=True)
        return int(out.stdout.strip())

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return fields["VmRSS"], fields["VmHWM"]


def main():
    binary, home = sys.argv[1], sys.argv[2]
    text = sys.argv[3] if len(sys.argv) > 3 else "priya"
    pane = Pane(binary, home)
    try:
        started = time.perf_counter()
        pane.keys("Enter")
        # The list's position marker (`1/100,000`) is drawn with the first page of rows.
        first = pane.frame_after(started, wanted=b"1/")
        print(f"bench: TUI first frame (first page of rows drawn) from start: {first:.3f} s (budget 0.5 s)")
        pane.keys("/")
        pane.frame_after(time.perf_counter())
        typed = []
        for char in text:
            pane.after_clock()
            at = time.perf_counter()
            pane.keys("-l", char)
            typed.append(pane.frame_after(at, wanted=char.encode()))  # echoed in the filter line
        pane.keys("Enter")
        pane.frame_after(time.perf_counter())
        sorts = []
        for key in "1234567891":
            pane.after_clock()
            at = time.perf_counter()
            pane.keys(key)
            sorts.append(pane.frame_after(at))
        rss, peak = memory(pane.pid())
        ms = lambda values: ", ".join(f"{v * 1000:.0f}" for v in values)
        print(f"bench: TUI filter keystroke to frame, median {statistics.median(typed) * 1000:.1f} ms "
              f"over {len(typed)} keys of “{text}” ({ms(typed)} ms; budget 16 ms)")
        print(f"bench: TUI sort key to frame, median {statistics.median(sorts) * 1000:.1f} ms "
              f"over keys 1–9 ({ms(sorts)} ms; budget 16 ms)")
        print(f"bench: TUI resident memory {rss} (peak {peak}; budget 150 MiB)")
        pane.keys("q")
    finally:
        pane.close()


if __name__ == "__main__":
    main()
