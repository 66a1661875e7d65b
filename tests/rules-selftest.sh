#!/bin/sh
# Every shipped rule's must-match and must-not-match cases, and lint.
. "$top_srcdir/tests/lib.sh"
expect_exit 0 "rules lint: shipped rules are clean" -- "$FWAUDIT" rules lint
cat "$TMP/err"
expect_exit 0 "rules test: every rule's own cases pass" -- "$FWAUDIT" rules test -v
cat "$TMP/out"
finish
