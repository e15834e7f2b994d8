#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds what ipcscope load does not make, for tests/check_schema.sh: a raw
socket and a memfd, and a pipe it writes into on SIGUSR1 so that watch has
a change to report.  Writes "ready" to the file it is given once all are
open, and holds them until killed."""
import os
import signal
import socket
import sys

raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
memfd = os.memfd_create("schema-check")
os.write(memfd, b"x" * 4096)
reader, writer = os.pipe()
signal.signal(signal.SIGUSR1, lambda signo, frame: os.write(writer, b"changed"))
with open(sys.argv[1], "w") as ready:
    ready.write("ready\n")
while True:
    signal.pause()
