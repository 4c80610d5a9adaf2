"""Protocol-level probe of Trialbook's live view in a real kernel, through jupyter_client.

usage: live_probe.py KERNEL_NAME WORKDIR REPORT.json [--revive-control-loop] [--idle-under-interrupt]
                     [--prelude-cell CODE ...] [--only-interrupt]

--prelude-cell runs CODE as a cell first (a plain kernel: the jar magic, the imports);
--only-interrupt runs only Parts 2 and 3.

Part 0 (Rapaio only, with --revive-control-loop) ends the control channel's loop (Rapaio 3.0.1's
start-up race) and checks that it is revived. With --idle-under-interrupt (Rapaio 3.0.1) an
interrupted cell counts as ended at the first idle of any parent: that kernel sends the cell's idle
under the interrupt_request; other kernels send an idle for the interrupt_request itself first and
the cell's own idle later. Part 1 runs a ~20 s batch and records every display message of its cell. Part 2 starts another
batch whose first stage appends a line to WORKDIR/stage-starts.txt, sends interrupt_request
mid-batch and watches the cell end and the batch stop. Part 3 runs one more cell. Part 4 starts a
background batch, watches it in a cell and interrupts the watching: the cell ends, the batch
(counting its stage starts in WORKDIR/watch-starts.txt) goes on until cancelled. Writes one
JSON object with what it saw to REPORT.json; the JUnit test asserts on it.
"""
import datetime
import json
import os
import queue
import sys
import time

from jupyter_client.manager import KernelManager

kernel_name, workdir, report_path = sys.argv[1], sys.argv[2], sys.argv[3]
options = sys.argv[4:]
revive_control_loop = "--revive-control-loop" in options
idle_under_interrupt = "--idle-under-interrupt" in options
only_interrupt = "--only-interrupt" in options
prelude = [options[i + 1] for i, o in enumerate(options) if o == "--prelude-cell"]
marker = os.path.join(workdir, "stage-starts.txt")
if os.path.exists(marker):
    os.remove(marker)

def start():
    """A ready kernel; on a busy machine one may never answer kernel_info, so try up to 3."""
    for attempt in range(3):
        km = KernelManager(kernel_name=kernel_name)
        # the kernel logs to its stdout: keep that apart from ours
        km.start_kernel(stdout=sys.stderr)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=90)
            return km, kc
        except RuntimeError as e:
            print(f"probe: kernel not ready ({e}); retrying", file=sys.stderr)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    raise RuntimeError("no kernel answered in 3 tries")


km, kc = start()
report = {}
state = {"interrupt_at": None, "idle_any": None}


def sent_at(msg):
    d = msg["header"].get("date")
    if isinstance(d, datetime.datetime):
        return d.timestamp()
    return None


def display_record(msg, t0):
    content = msg["content"]
    data = content.get("data", {})
    return {
        "type": msg["msg_type"],
        "received": time.time() - t0,
        "sent": (sent_at(msg) or time.time()) - t0,
        "display_id": content.get("transient", {}).get("display_id"),
        "bytes": len(json.dumps(data).encode("utf-8")),
        "text": data.get("text/plain", "")[:400],
        "own_parent": None,
    }


def execute(code, timeout, on_message=None):
    """Runs code; returns (records of display messages, busy/idle info, other outputs)."""
    msg_id = kc.execute(code)
    t0 = time.time()
    displays, outputs, idle_at = [], [], None
    while time.time() - t0 < timeout:
        try:
            msg = kc.get_iopub_msg(timeout=0.1)
        except queue.Empty:
            if on_message:
                on_message(None, t0, displays)
            continue
        own = msg["parent_header"].get("msg_id") == msg_id
        if msg["msg_type"] in ("display_data", "update_display_data"):
            rec = display_record(msg, t0)
            rec["own_parent"] = own
            displays.append(rec)
        elif msg["msg_type"] in ("execute_result", "error", "stream"):
            outputs.append({"type": msg["msg_type"], "own_parent": own, "received": time.time() - t0,
                            "content": json.dumps(msg["content"])[:600]})
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            if own and idle_at is None:
                idle_at = time.time() - t0
                break
            if state["interrupt_at"] is not None and state["idle_any"] is None:
                state["idle_any"] = time.time() - t0
                if idle_under_interrupt:
                    # Rapaio 3.0.1 ends an interrupted cell with the interrupt_request as parent
                    break
        if on_message:
            on_message(msg, t0, displays)
    return displays, outputs, idle_at, t0


setup = """
import io.github.trialbook.batch.*;
import java.nio.file.*;
var inputs = java.util.stream.IntStream.range(0, 120).boxed().toList();
var spec = batch("probe", inputs, i -> String.format("in-%03d", i))
    .configs(Config.of("a"), Config.of("b"), Config.of("c"))
    .stage("s1", t -> { Thread.sleep(50); return t.input(); })
    .stage("s2", t -> {
        Thread.sleep(60);
        if (t.input() % 30 == 7) throw new IllegalArgumentException("<script>alert(1)</script> " + t.inputId());
        return t.input() * 2;
    })
    .parallelism(2).noCheckpoint().build();
var cancelSpec = batch("probe-cancel", inputs, i -> String.format("in-%03d", i))
    .configs(Config.of("a"), Config.of("b"), Config.of("c"))
    .stage("s1", t -> {
        Files.writeString(Path.of(MARKER), t.key() + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.sleep(50);
        return t.input();
    })
    .stage("s2", t -> { Thread.sleep(60); return t.input() * 2; })
    .parallelism(2).noCheckpoint().build();
"""
report["prelude"] = []
for cell in prelude:
    _, outs, idle, _ = execute(cell, 120)
    report["prelude"].append({"idle": idle, "outputs": outs})
_, outs, idle, _ = execute(setup.replace("MARKER", json.dumps(marker)), 120)
report["setup"] = {"idle": idle, "outputs": outs}

# Part 0: end the control channel's loop, as Rapaio 3.0.1's start-up race sometimes does; the
# kernelspec's RapaioKernelMain must put a new one in place (Part 2's interrupt then needs it)
revive = """
Object channels = Class.forName("org.rapaio.jupyter.kernel.MainApp").getField("kernel").get(null)
    .getClass().getMethod("channels").invoke(Class.forName("org.rapaio.jupyter.kernel.MainApp").getField("kernel").get(null));
var controlField = channels.getClass().getDeclaredField("control");
controlField.setAccessible(true);
Object control = controlField.get(channels);
var loopField = control.getClass().getDeclaredField("loopThread");
loopField.setAccessible(true);
Thread lost = (Thread) loopField.get(control);
var runningField = lost.getClass().getDeclaredField("running");
runningField.setAccessible(true);
runningField.setBoolean(lost, false);
lost.join(2000);
Thread revived = lost;
for (int i = 0; i < 40 && revived == lost; i++) { Thread.sleep(50); revived = (Thread) loopField.get(control); }
(!lost.isAlive() && revived != lost && revived.isAlive()) ? "control loop revived" : "control loop lost"
"""
if revive_control_loop and not only_interrupt:
    _, outs, idle, _ = execute(revive, 60)
    report["revive"] = {"idle": idle, "outputs": outs}

# Part 1: the live view of a ~20 s batch
if not only_interrupt:
    displays, outs, idle, _ = execute('var r = runBatch(spec); r.ok() + " ok, " + r.failed() + " failed"', 300)
    report["live"] = {"displays": displays, "outputs": outs, "idle": idle}

# Part 2: interrupt mid-batch


def interrupt_when_running(msg, t0, displays):
    if state["interrupt_at"] is None and sum(1 for d in displays if d["own_parent"]) >= 8:
        # what a frontend sends for the stop button (the kernelspec says interrupt_mode "message")
        kc.control_channel.send(kc.session.msg("interrupt_request", content={}))
        state["interrupt_at"] = time.time() - t0
        print("probe: interrupt_request sent at %.2f s" % state["interrupt_at"], file=sys.stderr)


def read_late(t0, seconds):
    """Rapaio 3.0.1 sends an interrupted cell's last messages with the interrupt_request as
    parent: keep reading iopub for a while whatever the parent. Returns (late, idle_any)."""
    idle_any, late = state["idle_any"], []
    end = time.time() + seconds
    while time.time() < end:
        try:
            msg = kc.get_iopub_msg(timeout=0.1)
        except queue.Empty:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle" and idle_any is None:
            idle_any = time.time() - t0
        if msg["msg_type"] in ("display_data", "update_display_data"):
            late.append(display_record(msg, t0))
        elif msg["msg_type"] in ("error", "execute_result"):
            late.append({"type": msg["msg_type"], "received": time.time() - t0,
                         "content": json.dumps(msg["content"])[:600]})
    return late, idle_any


def lines(path):
    try:
        with open(path) as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


displays, outs, idle, t0 = execute('var rc = runBatch(cancelSpec); rc.isCancelled()', 60, interrupt_when_running)
late, idle_any = read_late(t0, 6)
starts_now = lines(marker)
time.sleep(4)
starts_later = lines(marker)
report["interrupt"] = {"interrupt_at": state["interrupt_at"], "displays": displays, "outputs": outs,
                       "own_idle": idle, "idle_any": idle_any, "late": late,
                       "stage_starts": starts_now, "stage_starts_4s_later": starts_later,
                       "total_trials": 360}

# Part 3: the next cell
_, outs, idle, _ = execute("6 * 7", 30)
report["next_cell"] = {"outputs": outs, "idle": idle}

# Part 4: a background batch watched in a cell; interrupting the watch leaves the batch running
if not only_interrupt:
    watch_marker = os.path.join(workdir, "watch-starts.txt")
    if os.path.exists(watch_marker):
        os.remove(watch_marker)
    watch_setup = """
    var watchSpec = batch("probe-watch", inputs, i -> String.format("in-%03d", i))
        .configs(Config.of("a"), Config.of("b"), Config.of("c"))
        .stage("s1", t -> {
            Files.writeString(Path.of(MARKER), t.key() + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(100);
            return t.input();
        })
        .parallelism(2).noCheckpoint().build();
    var hw = startBatch(watchSpec);
    """
    execute(watch_setup.replace("MARKER", json.dumps(watch_marker)), 60)
    state["interrupt_at"], state["idle_any"] = None, None


    displays, outs, idle, t0 = execute("hw.watch()", 60, interrupt_when_running)
    late, idle_any = read_late(t0, 3)
    watch_starts_now = lines(watch_marker)
    time.sleep(2)
    watch_starts_later = lines(watch_marker)
    _, cleanup, _, _ = execute("hw.cancel(); hw.await().isCancelled()", 60)
    report["watch"] = {"interrupt_at": state["interrupt_at"], "displays": displays, "own_idle": idle,
                       "idle_any": idle_any, "late": late, "stage_starts": watch_starts_now,
                       "stage_starts_2s_later": watch_starts_later, "cleanup": cleanup}

kc.stop_channels()
km.shutdown_kernel(now=True)
with open(report_path, "w") as f:
    json.dump(report, f)
