## src/scan: one scan end to end, and the rule self-test runner.
libfwaudit_a_SOURCES += \
	src/scan/scanner.h src/scan/scanner.c \
	src/scan/selftest.h src/scan/selftest.c
EXTRA_DIST += src/scan/local.mk

check_PROGRAMS += tests/check_scan
TESTS += tests/check_scan
tests_check_scan_SOURCES = tests/check_scan.c $(TEST_UTIL)
tests_check_scan_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_scan_LDADD = $(TEST_LIBS)
