## src/input/formats: one file per firmware-image format (headers, file
## systems, streams); see doc/formats.md.
libfwaudit_a_SOURCES += \
	src/input/formats/uimage.c src/input/formats/fit.c src/input/formats/trx.c \
	src/input/formats/tplink.c src/input/formats/arcadyan.c \
	src/input/formats/squashfs.c src/input/formats/sqfs_compat.h \
	src/input/formats/sqfs_compat.c src/input/formats/ext.c \
	src/input/formats/cramfs.c src/input/formats/jffs2.c src/input/formats/ubi.c \
	src/input/formats/ubifs.c src/input/formats/elfkernel.c \
	src/input/formats/cpio.c src/input/formats/streams.c src/input/formats/archives.c
EXTRA_DIST += src/input/formats/local.mk
# LZO for squashfs blocks (sqfs_compat.c); configure.ac checks for lzo2.
DEP_LIBS += $(LZO2_LIBS)
# zstd for UBIFS data nodes (ubifs.c); configure.ac checks for libzstd.
DEP_LIBS += $(ZSTD_LIBS)

check_PROGRAMS += tests/check_ubi
TESTS += tests/check_ubi
tests_check_ubi_SOURCES = tests/check_ubi.c $(TEST_UTIL)
tests_check_ubi_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_ubi_LDADD = $(TEST_LIBS)

# squashfs 2.x/3.x and big-endian 4.0 (libsquashfs reads only 4.0 LE).
libfwaudit_a_SOURCES += src/input/formats/sqfs_legacy.h src/input/formats/sqfs_legacy.c
EXTRA_DIST += tests/make-sqfs-legacy.py
check_PROGRAMS += tests/check_sqfs_legacy
TESTS += tests/check_sqfs_legacy
tests_check_sqfs_legacy_SOURCES = tests/check_sqfs_legacy.c $(TEST_UTIL)
tests_check_sqfs_legacy_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_sqfs_legacy_LDADD = $(TEST_LIBS)

# romfs and YAFFS2 readers, and their suite (images made by
# tests/make-romfs-yaffs.py at test time).
libfwaudit_a_SOURCES += src/input/formats/romfs.c src/input/formats/yaffs2.c
EXTRA_DIST += tests/make-romfs-yaffs.py
check_PROGRAMS += tests/check_flashfs_readers
TESTS += tests/check_flashfs_readers
tests_check_flashfs_readers_SOURCES = tests/check_flashfs_readers.c $(TEST_UTIL)
tests_check_flashfs_readers_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_flashfs_readers_LDADD = $(TEST_LIBS)
