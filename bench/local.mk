## bench/: `make bench` times fwaudit against the read floor, grep -rP,
## rg -P, YARA and unsquashfs on a large rootfs built from Debian packages
## (doc/performance.md). Slow (minutes) and needs the network once: not part
## of `make check`, and CI does not run it. Its data stays in ./bench-data.
EXTRA_DIST += bench/local.mk bench/run bench/make-rootfs.sh bench/packages.txt \
	bench/patterns.py bench/table.py

bench: fwaudit
	FWAUDIT='$(abs_builddir)/fwaudit' FWAUDIT_RULES='$(abs_top_srcdir)/rules' \
	  $(SHELL) $(srcdir)/bench/run
.PHONY: bench
