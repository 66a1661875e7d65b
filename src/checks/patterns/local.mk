## src/checks/patterns: the rule files' patterns (PCRE2) over every file,
## behind a literal prefilter (Aho-Corasick over the literals each pattern needs).
libfwaudit_a_SOURCES += src/checks/patterns/matcher.c \
	src/checks/patterns/prefilter.h src/checks/patterns/prefilter.c
EXTRA_DIST += src/checks/patterns/local.mk

check_PROGRAMS += tests/check_prefilter
TESTS += tests/check_prefilter
tests_check_prefilter_SOURCES = tests/check_prefilter.c $(TEST_UTIL)
tests_check_prefilter_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_prefilter_LDADD = $(TEST_LIBS)
