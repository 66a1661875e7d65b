## fuzz/: libFuzzer harnesses, one per parser of hostile bytes (doc/security.md).
## `make fuzz` builds them with clang into fuzz-out/ of the build directory;
## `$(srcdir)/fuzz/run SECONDS` (or `make fuzz-run FUZZ_SECONDS=60`) runs each.
## Not part of `all` or `check`: CI builds them, it does not run them.
EXTRA_DIST += fuzz/local.mk fuzz/build.sh fuzz/run fuzz/common.h fuzz/common.c \
	fuzz/fuzz_input.c fuzz/fuzz_scan.c fuzz/fuzz_rules.c fuzz/fuzz_accounts.c \
	fuzz/fuzz_keys.c fuzz/fuzz_elf.c fuzz/fuzz_services.c fuzz/fuzz_scripts.c \
	fuzz/rules.dict fuzz/regressions
FUZZ_SECONDS = 60
FUZZ_DEP_CFLAGS = $(LIBARCHIVE_CFLAGS) $(LIBMAGIC_CFLAGS) $(PCRE2_CFLAGS) \
	$(LIBCRYPTO_CFLAGS) $(JANSSON_CFLAGS) $(LIBCRYPT_CFLAGS) $(LIBSQUASHFS_CFLAGS) \
	$(EXT2FS_CFLAGS) $(ZLIB_CFLAGS) $(LIBLZMA_CFLAGS) $(LZO2_CFLAGS)

fuzz:
	$(SHELL) $(srcdir)/fuzz/build.sh '$(abs_top_srcdir)' '$(abs_top_builddir)/fuzz-out' \
	  '$(FUZZ_DEP_CFLAGS)' \
	  '$(DEP_LIBS) $(LIBS)' $(libfwaudit_a_SOURCES)

fuzz-run: fuzz
	$(SHELL) $(srcdir)/fuzz/run $(FUZZ_SECONDS)

.PHONY: fuzz fuzz-run

mostlyclean-local:
	rm -rf fuzz-out
