## src/input: input to tree: sniffing, directories, archives, nesting.
libfwaudit_a_SOURCES += \
	src/input/input.h src/input/input.c src/input/sniff.h src/input/sniff.c \
	src/input/directory.c src/input/archive.c
EXTRA_DIST += src/input/local.mk

check_PROGRAMS += tests/check_input
TESTS += tests/check_input
tests_check_input_SOURCES = tests/check_input.c $(TEST_UTIL)
tests_check_input_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_input_LDADD = $(TEST_LIBS)
