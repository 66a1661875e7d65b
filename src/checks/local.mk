## src/checks: the analyzer table (registry.c); each family of analyzers has
## its folder and its local.mk, included from Makefile.am.
libfwaudit_a_SOURCES += src/checks/registry.h src/checks/registry.c
EXTRA_DIST += src/checks/local.mk

# The steps of doc/architecture.md "Adding things", done once (an analyzer
# through the engine; every entry of the analyzer and renderer tables).
check_PROGRAMS += tests/check_extending
TESTS += tests/check_extending
tests_check_extending_SOURCES = tests/check_extending.c $(TEST_UTIL)
tests_check_extending_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_extending_LDADD = $(TEST_LIBS)
