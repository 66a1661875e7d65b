## src/checks/accounts: /etc/passwd and /etc/shadow, and the other stores of
## credentials (UCI, Wi-Fi driver files, web user files, web binaries).
libfwaudit_a_SOURCES += src/checks/accounts/accounts.c \
	src/checks/accounts/creds.h src/checks/accounts/creds.c \
	src/checks/accounts/uci_creds.c src/checks/accounts/wifi_dat.c \
	src/checks/accounts/web_users.c src/checks/accounts/web_binary.c
EXTRA_DIST += src/checks/accounts/local.mk

check_PROGRAMS += tests/check_accounts
TESTS += tests/check_accounts
tests_check_accounts_SOURCES = tests/check_accounts.c $(TEST_UTIL)
tests_check_accounts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_accounts_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/check_credentials
TESTS += tests/check_credentials
tests_check_credentials_SOURCES = tests/check_credentials.c $(TEST_UTIL)
tests_check_credentials_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_credentials_LDADD = $(TEST_LIBS)
