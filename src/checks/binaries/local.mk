## src/checks/binaries: ELF hardening, the C library, BusyBox (elf.c reads
## the ELF headers).
libfwaudit_a_SOURCES += src/checks/binaries/elf.h src/checks/binaries/elf.c \
	src/checks/binaries/binaries.c
EXTRA_DIST += src/checks/binaries/local.mk

check_PROGRAMS += tests/check_binaries
TESTS += tests/check_binaries
tests_check_binaries_SOURCES = tests/check_binaries.c $(TEST_UTIL)
tests_check_binaries_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_binaries_LDADD = $(TEST_LIBS)
