## src/tree: the in-memory file index.
libfwaudit_a_SOURCES += src/tree/tree.h src/tree/tree.c src/tree/path.c
EXTRA_DIST += src/tree/local.mk

check_PROGRAMS += tests/check_tree
TESTS += tests/check_tree
tests_check_tree_SOURCES = tests/check_tree.c $(TEST_UTIL)
tests_check_tree_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_tree_LDADD = $(TEST_LIBS)
