## src/cli: the command line.
fwaudit_SOURCES += src/cli/main.c src/cli/cli.h src/cli/cmd_scan.c src/cli/cmd_rules.c \
	src/cli/output.c
EXTRA_DIST += src/cli/local.mk tests/cli.sh tests/sample-rootfs.sh
TESTS += tests/cli.sh tests/sample-rootfs.sh
