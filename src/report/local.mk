## src/report: the report model, profiles, conformance, renderers.
libfwaudit_a_SOURCES += \
	src/report/report.h src/report/report.c src/report/profile.c \
	src/report/conformance.c src/report/render_text.c src/report/render_json.c
EXTRA_DIST += src/report/local.mk

check_PROGRAMS += tests/check_report
TESTS += tests/check_report
tests_check_report_SOURCES = tests/check_report.c $(TEST_UTIL)
tests_check_report_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_report_LDADD = $(TEST_LIBS)
