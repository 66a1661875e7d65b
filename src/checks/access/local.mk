## src/checks/access: who may reach what: file permissions, SSH password
## logins next to shipped keys, archive entry names that climb out.
libfwaudit_a_SOURCES += src/checks/access/permissions.c \
	src/checks/access/ssh_auth.c src/checks/access/entry_names.c
EXTRA_DIST += src/checks/access/local.mk

check_PROGRAMS += tests/check_access
TESTS += tests/check_access
tests_check_access_SOURCES = tests/check_access.c $(TEST_UTIL)
tests_check_access_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_access_LDADD = $(TEST_LIBS)
