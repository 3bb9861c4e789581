#!/bin/sh
# Stands in for the partner's browser in end-to-end tests (PLUMBLINE_BROWSER): notes the page
# Plumbline asked it to open; the test then plays the partner on that page.
printf '%s\n' "$1" >> "$PLUMBLINE_TEST_BROWSER_LOG"
