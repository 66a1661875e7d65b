## src/checks/passwords: the published default-password lists and cracking
## hashes against them, shared by the families that judge credentials
## (accounts, services' nvram defaults). Not an analyzer: a library the
## families may include (tests/layout.sh).
libfwaudit_a_SOURCES += src/checks/passwords/cracker.h src/checks/passwords/cracker.c \
	src/checks/passwords/crypt_cost.h src/checks/passwords/crypt_cost.c
EXTRA_DIST += src/checks/passwords/local.mk
