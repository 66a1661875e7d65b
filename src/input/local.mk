## src/input: input to tree: sniffing, directories, archives, nesting.
libfwaudit_a_SOURCES += \
	src/input/input.h src/input/input.c src/input/sniff.h src/input/sniff.c \
	src/input/directory.c src/input/archive.c src/input/archive_int.h \
	src/input/archive_source.c
libfwaudit_a_SOURCES += \
	src/input/image.h src/input/carve.c src/input/streams.c src/input/cpio.c \
	src/input/uimage.c src/input/fit.c src/input/trx.c src/input/tplink.c \
	src/input/arcadyan.c \
	src/input/squashfs.c src/input/sqfs_compat.h \
	src/input/sqfs_compat.c src/input/ext.c src/input/cramfs.c src/input/jffs2.c \
	src/input/ubi.c src/input/ubifs.c src/input/elfkernel.c
EXTRA_DIST += src/input/local.mk
# LZO for squashfs blocks (sqfs_compat.c); configure.ac checks for lzo2.
DEP_LIBS += $(LZO2_LIBS)
# zstd for UBIFS data nodes (ubifs.c); configure.ac checks for libzstd.
DEP_LIBS += $(ZSTD_LIBS)

check_PROGRAMS += tests/check_input
TESTS += tests/check_input
tests_check_input_SOURCES = tests/check_input.c $(TEST_UTIL)
tests_check_input_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_input_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/check_images
TESTS += tests/check_images
tests_check_images_SOURCES = tests/check_images.c $(TEST_UTIL)
tests_check_images_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_images_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/check_ubi
TESTS += tests/check_ubi
tests_check_ubi_SOURCES = tests/check_ubi.c $(TEST_UTIL)
tests_check_ubi_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_ubi_LDADD = $(TEST_LIBS)

# squashfs 2.x/3.x and big-endian 4.0 (libsquashfs reads only 4.0 LE).
libfwaudit_a_SOURCES += src/input/sqfs_legacy.h src/input/sqfs_legacy.c
EXTRA_DIST += tests/make-sqfs-legacy.py
check_PROGRAMS += tests/check_sqfs_legacy
TESTS += tests/check_sqfs_legacy
tests_check_sqfs_legacy_SOURCES = tests/check_sqfs_legacy.c $(TEST_UTIL)
tests_check_sqfs_legacy_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_sqfs_legacy_LDADD = $(TEST_LIBS)

# romfs and YAFFS2 readers, and their suite (images made by
# tests/make-romfs-yaffs.py at test time).
libfwaudit_a_SOURCES += src/input/romfs.c src/input/yaffs2.c
EXTRA_DIST += tests/make-romfs-yaffs.py
check_PROGRAMS += tests/check_flashfs_readers
TESTS += tests/check_flashfs_readers
tests_check_flashfs_readers_SOURCES = tests/check_flashfs_readers.c $(TEST_UTIL)
tests_check_flashfs_readers_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_flashfs_readers_LDADD = $(TEST_LIBS)
