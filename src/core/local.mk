## src/core: errors, limits, allocation, buffers, escaping, digests, text and file io.
libfwaudit_a_SOURCES += \
	src/core/limits.h src/core/limits.c \
	src/core/error.h src/core/error.c \
	src/core/xalloc.h src/core/xalloc.c \
	src/core/strbuf.h src/core/strbuf.c \
	src/core/escape.h src/core/escape.c \
	src/core/digest.h src/core/digest.c \
	src/core/textio.h src/core/textio.c \
	src/core/fileio.h src/core/fileio.c \
	src/core/idset.h src/core/idset.c \
	src/core/elfhdr.h src/core/elfhdr.c \
	src/core/jit.h src/core/jit.c
EXTRA_DIST += src/core/local.mk

check_PROGRAMS += tests/check_core
TESTS += tests/check_core
tests_check_core_SOURCES = tests/check_core.c $(TEST_UTIL)
tests_check_core_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_core_LDADD = $(TEST_LIBS)
