## src/checks/scripts: what scripts do: update paths and their verification (MO.8, MO.14), erasing on
## reset (sanitization, MO.12), request input reaching commands (MO.15), code downloaded
## and run (remote_code.c, MO.14/MO.6);
## command patterns in rules/data/*.txt (cmdpat.c).
libfwaudit_a_SOURCES += src/checks/scripts/cmdpat.h src/checks/scripts/cmdpat.c \
	src/checks/scripts/script.h src/checks/scripts/script.c \
	src/checks/scripts/update.c src/checks/scripts/erase.c \
	src/checks/scripts/input_validation.c \
	src/checks/scripts/shlex.h src/checks/scripts/shlex.c \
	src/checks/scripts/dltools.h src/checks/scripts/dltools.c \
	src/checks/scripts/remote_code.c \
	src/checks/scripts/taint.h src/checks/scripts/taint.c src/checks/scripts/webroot.c \
	src/checks/scripts/webroot_int.h src/checks/scripts/webconf.c \
	src/checks/scripts/taint_sh.h src/checks/scripts/taint_sh.c
libfwaudit_a_SOURCES += src/checks/scripts/php_lex.h src/checks/scripts/php_lex.c \
	src/checks/scripts/php_value.h src/checks/scripts/php_value.c src/checks/scripts/taint_php.c
libfwaudit_a_SOURCES += src/checks/scripts/lua_lex.h src/checks/scripts/lua_lex.c \
	src/checks/scripts/lua_app.h src/checks/scripts/lua_eval.c src/checks/scripts/taint_lua.c
EXTRA_DIST += src/checks/scripts/local.mk

check_PROGRAMS += tests/check_update
TESTS += tests/check_update
tests_check_update_SOURCES = tests/check_update.c $(TEST_UTIL)
tests_check_update_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_update_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_erase
TESTS += tests/check_erase
tests_check_erase_SOURCES = tests/check_erase.c $(TEST_UTIL)
tests_check_erase_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_erase_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_input_validation
TESTS += tests/check_input_validation
tests_check_input_validation_SOURCES = tests/check_input_validation.c $(TEST_UTIL)
tests_check_input_validation_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_input_validation_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_remote_code
TESTS += tests/check_remote_code
tests_check_remote_code_SOURCES = tests/check_remote_code.c $(TEST_UTIL)
tests_check_remote_code_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_remote_code_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_webroot
TESTS += tests/check_webroot
tests_check_webroot_SOURCES = tests/check_webroot.c $(TEST_UTIL)
tests_check_webroot_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_webroot_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_taint_php
TESTS += tests/check_taint_php
tests_check_taint_php_SOURCES = tests/check_taint_php.c $(TEST_UTIL)
tests_check_taint_php_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_taint_php_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_taint_lua
TESTS += tests/check_taint_lua
tests_check_taint_lua_SOURCES = tests/check_taint_lua.c $(TEST_UTIL)
tests_check_taint_lua_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_taint_lua_LDADD = $(TEST_LIBS)
