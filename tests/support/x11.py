#!/usr/bin/python3
"""What a window manager does, for tests and benchmarks under a bare Xvfb (which has none).

  x11.py close TITLE   asks every top-level window titled TITLE to close, as a title bar's
                       close button does (a WM_DELETE_WINDOW client message); exit 1 if none
  x11.py count TITLE   prints how many mapped windows are titled TITLE

Needs python3-xlib (Debian: python3-xlib) and DISPLAY.
"""
import sys

from Xlib import X, display, protocol


def windows(d, title):
    found = []
    stack = [d.screen().root]
    while stack:
        window = stack.pop()
        try:
            children = window.query_tree().children
        except Exception:
            continue
        for child in children:
            try:
                name = child.get_wm_name()
                mapped = child.get_attributes().map_state == X.IsViewable
            except Exception:
                continue
            if name == title and mapped:
                found.append(child)
            stack.append(child)
    return found


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("close", "count"):
        print(__doc__, file=sys.stderr)
        return 2
    command, title = sys.argv[1], sys.argv[2]
    d = display.Display()
    found = windows(d, title)
    if command == "count":
        print(len(found))
        return 0
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    for window in found:
        event = protocol.event.ClientMessage(
            window=window,
            client_type=protocols,
            data=(32, [delete, X.CurrentTime, 0, 0, 0]),
        )
        window.send_event(event, event_mask=X.NoEventMask)
    d.flush()
    d.close()
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
