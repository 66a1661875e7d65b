## src/input: input to tree: sniffing, directories, archives, nesting.
libfwaudit_a_SOURCES += \
	src/input/input.h src/input/input.c src/input/sniff.h src/input/sniff.c \
	src/input/directory.c src/input/archive.c
libfwaudit_a_SOURCES += \
	src/input/image.h src/input/carve.c src/input/streams.c src/input/cpio.c \
	src/input/uimage.c src/input/fit.c src/input/trx.c src/input/tplink.c \
	src/input/arcadyan.c \
	src/input/squashfs.c src/input/sqfs_compat.h \
	src/input/sqfs_compat.c src/input/ext.c src/input/cramfs.c src/input/jffs2.c \
	src/input/flashfs.c
EXTRA_DIST += src/input/local.mk
# LZO for squashfs blocks (sqfs_compat.c); configure.ac checks for lzo2.
DEP_LIBS += $(LZO2_LIBS)

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
