## src/ruleset: the rule language: catalog, rule-file parser, globs, lint.
libfwaudit_a_SOURCES += \
	src/ruleset/severity.h src/ruleset/severity.c \
	src/ruleset/catalog.h src/ruleset/catalog.c \
	src/ruleset/ruleset.h src/ruleset/parser.c src/ruleset/glob.c \
	src/ruleset/lint.c
EXTRA_DIST += src/ruleset/local.mk

check_PROGRAMS += tests/check_ruleset
TESTS += tests/check_ruleset
tests_check_ruleset_SOURCES = tests/check_ruleset.c $(TEST_UTIL)
tests_check_ruleset_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_ruleset_LDADD = $(TEST_LIBS)
