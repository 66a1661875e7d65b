## src/report: the report model, profiles, conformance, renderers.
libfwaudit_a_SOURCES += \
	src/report/report.h src/report/report.c src/report/profile.c \
	src/report/conformance.c src/report/render_text.c src/report/render_json.c \
	src/report/json_util.h src/report/json_util.c \
	src/report/accept.h src/report/waiver.c src/report/baseline.c src/report/etsi.c \
	src/report/format.c src/report/render_util.h src/report/render_util.c \
	src/report/render_sarif.c src/report/render_junit.c src/report/render_html.c \
	src/report/render_markdown.c src/report/aggregate.c
EXTRA_DIST += src/report/local.mk

check_PROGRAMS += tests/check_report
TESTS += tests/check_report
tests_check_report_SOURCES = tests/check_report.c $(TEST_UTIL)
tests_check_report_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_report_LDADD = $(TEST_LIBS)

## Report formats end to end (SARIF against the schema, JUnit, HTML,
## Markdown, waivers, baselines, explain, diff) and the HTML in Chromium.
EXTRA_DIST += tests/report-formats.sh tests/html-chromium.sh
## One image as a directory, a tar.gz and a squashfs: same fingerprints;
## files outside the detected root listed apart.
EXTRA_DIST += tests/shapes.sh
TESTS += tests/shapes.sh
TESTS += tests/report-formats.sh tests/html-chromium.sh
