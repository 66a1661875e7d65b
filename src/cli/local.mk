## src/cli: the command line.
fwaudit_SOURCES += src/cli/main.c src/cli/cli.h src/cli/cmd_scan.c src/cli/cmd_rules.c \
	src/cli/output.c
fwaudit_SOURCES += src/cli/cmd_explain.c src/cli/cmd_diff.c
fwaudit_CPPFLAGS = $(AM_CPPFLAGS) -DFW_SRC_RULES_DIR='"$(abs_top_srcdir)/rules"'
EXTRA_DIST += src/cli/local.mk tests/cli.sh tests/sample-rootfs.sh
TESTS += tests/cli.sh tests/sample-rootfs.sh
# Hostile input: bombs, traversal, escaping, nothing written (doc/security.md).
EXTRA_DIST += tests/hostile.sh tests/make-hostile.py
TESTS += tests/hostile.sh
