#!/usr/bin/env python3
"""QMP side of the werror=stop capture: wait for QEMU to stop on an I/O error, run the given
command on the host (grow the tmpfs holding the image), then send `cont`. Every QMP message is
logged with the host's wall clock so the pause can be checked against the QEMU trace.

    qmp-cont.py SOCKET LOG -- COMMAND...
"""
import json
import socket
import subprocess
import sys
import time


def main():
    sock_path, log_path = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1 :]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(600):  # QEMU creates the socket a moment after it starts
        try:
            s.connect(sock_path)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("qmp-cont: no QMP socket at " + sock_path)
    stream = s.makefile("rwb", buffering=0)
    with open(log_path, "w") as log:

        def note(direction, text):
            log.write("%.6f %s %s\n" % (time.time(), direction, text.strip()))
            log.flush()

        def send(obj):
            text = json.dumps(obj)
            note(">", text)
            stream.write(text.encode() + b"\n")

        grown = False
        send({"execute": "qmp_capabilities"})
        for raw in stream:  # ends when QEMU exits and closes the socket
            line = raw.decode(errors="replace")
            note("<", line)
            msg = json.loads(line)
            if msg.get("event") == "STOP":
                time.sleep(1)  # a pause long enough to see in the traces
                if not grown:
                    rc = subprocess.call(command)
                    note("#", "ran %s rc=%d" % (" ".join(command), rc))
                    grown = True
                send({"execute": "cont"})


if __name__ == "__main__":
    main()
