## src/checks: the engine, the analyzer table, one file per analyzer.
libfwaudit_a_SOURCES += \
	src/checks/check.h src/checks/engine.c src/checks/registry.c \
	src/checks/accounts.c src/checks/cracker.h src/checks/cracker.c \
	src/checks/crypt_cost.h src/checks/crypt_cost.c src/checks/keys.c
EXTRA_DIST += src/checks/local.mk

check_PROGRAMS += tests/check_accounts tests/check_keys
TESTS += tests/check_accounts tests/check_keys
tests_check_accounts_SOURCES = tests/check_accounts.c $(TEST_UTIL)
tests_check_accounts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_accounts_LDADD = $(TEST_LIBS)
tests_check_keys_SOURCES = tests/check_keys.c $(TEST_UTIL)
tests_check_keys_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_keys_LDADD = $(TEST_LIBS)
