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

# binaries: ELF hardening, C library and BusyBox (src/checks/binaries.c)
libfwaudit_a_SOURCES += src/checks/elf.h src/checks/elf.c src/checks/binaries.c
# keys: the analyzer (keys.c) and its format readers, one private header
libfwaudit_a_SOURCES += src/checks/keys_int.h src/checks/pem.c \
	src/checks/openssh_key.c src/checks/cert_check.c src/checks/key_roles.c \
	src/checks/keys_image.c
check_PROGRAMS += tests/check_binaries
TESTS += tests/check_binaries
tests_check_binaries_SOURCES = tests/check_binaries.c $(TEST_UTIL)
tests_check_binaries_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_binaries_LDADD = $(TEST_LIBS)

# update, erase, input-validation: update paths, factory reset, CGI input
# (src/checks/update.c ...; command patterns in rules/data/*.txt)
libfwaudit_a_SOURCES += src/checks/cmdpat.h src/checks/cmdpat.c \
	src/checks/script.h src/checks/script.c src/checks/update.c \
	src/checks/erase.c src/checks/input_validation.c

# services: what the image starts at boot (src/checks/services.c, boot_*.c,
# shellscan.c; doc/services.md)
libfwaudit_a_SOURCES += src/checks/services_int.h src/checks/services.c \
	src/checks/shellscan.c src/checks/boot_inittab.c src/checks/boot_sysv.c \
	src/checks/boot_systemd.c src/checks/boot_inetd.c
check_PROGRAMS += tests/check_services
TESTS += tests/check_services
tests_check_services_SOURCES = tests/check_services.c $(TEST_UTIL)
tests_check_services_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_services_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_update tests/check_erase tests/check_input_validation
TESTS += tests/check_update tests/check_erase tests/check_input_validation
tests_check_update_SOURCES = tests/check_update.c $(TEST_UTIL)
tests_check_update_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_update_LDADD = $(TEST_LIBS)
tests_check_erase_SOURCES = tests/check_erase.c $(TEST_UTIL)
tests_check_erase_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_erase_LDADD = $(TEST_LIBS)
tests_check_input_validation_SOURCES = tests/check_input_validation.c $(TEST_UTIL)
tests_check_input_validation_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_input_validation_LDADD = $(TEST_LIBS)

# permissions and ssh-auth: world-writable CGI, SSH passwords next to shipped keys
libfwaudit_a_SOURCES += src/checks/permissions.c src/checks/ssh_auth.c src/checks/entry_names.c
check_PROGRAMS += tests/check_access
TESTS += tests/check_access
tests_check_access_SOURCES = tests/check_access.c $(TEST_UTIL)
tests_check_access_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_access_LDADD = $(TEST_LIBS)
