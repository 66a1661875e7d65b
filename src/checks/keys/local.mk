## src/checks/keys: private keys and certificates (PEM, DER, OpenSSH,
## Dropbear), their roles, keys embedded in binaries; one private header.
libfwaudit_a_SOURCES += src/checks/keys/keys.c src/checks/keys/keys_int.h \
	src/checks/keys/pem.c src/checks/keys/openssh_key.c \
	src/checks/keys/cert_check.c src/checks/keys/key_roles.c \
	src/checks/keys/keys_image.c src/checks/keys/keys_report.c \
	src/checks/keys/trust_store.c src/checks/keys/key_context.c
EXTRA_DIST += src/checks/keys/local.mk

check_PROGRAMS += tests/check_keys
TESTS += tests/check_keys
tests_check_keys_SOURCES = tests/check_keys.c $(TEST_UTIL)
tests_check_keys_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_keys_LDADD = $(TEST_LIBS)
