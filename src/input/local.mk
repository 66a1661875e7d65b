## src/input: what the user named -> tree. The loader (input.c: directories,
## archives through libarchive, nesting), the carver (carve.c: structures at
## any offset of a firmware blob) and the formats (src/input/formats/).
libfwaudit_a_SOURCES += \
	src/input/input.h src/input/input.c \
	src/input/directory.c src/input/archive.c src/input/archive_int.h \
	src/input/archive_source.c src/input/image.h src/input/carve.c \
	src/input/format.h src/input/format_list.h src/input/format.c
EXTRA_DIST += src/input/local.mk

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
# Every entry of the format table against a sample built at test time
# (tests/make-romfs-yaffs.py, in EXTRA_DIST from src/input/formats/local.mk,
# makes the romfs and YAFFS2 ones).
check_PROGRAMS += tests/check_formats
TESTS += tests/check_formats
tests_check_formats_SOURCES = tests/check_formats.c $(TEST_UTIL)
tests_check_formats_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_formats_LDADD = $(TEST_LIBS)
