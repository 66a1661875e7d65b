## src/checks: the analyzer table (registry.c); each family of analyzers has
## its folder and its local.mk, included from Makefile.am.
libfwaudit_a_SOURCES += src/checks/registry.h src/checks/registry.c
EXTRA_DIST += src/checks/local.mk
