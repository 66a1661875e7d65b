## src/checks/accounts: /etc/passwd and /etc/shadow, default passwords (the
## cracker), the cost of each crypt scheme.
libfwaudit_a_SOURCES += src/checks/accounts/accounts.c \
	src/checks/accounts/cracker.h src/checks/accounts/cracker.c \
	src/checks/accounts/crypt_cost.h src/checks/accounts/crypt_cost.c
EXTRA_DIST += src/checks/accounts/local.mk

check_PROGRAMS += tests/check_accounts
TESTS += tests/check_accounts
tests_check_accounts_SOURCES = tests/check_accounts.c $(TEST_UTIL)
tests_check_accounts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_accounts_LDADD = $(TEST_LIBS)
