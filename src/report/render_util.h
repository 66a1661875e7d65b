/* render_util.h: what the markup renderers (JUnit XML, HTML, Markdown)
 * share: a writer that remembers a failed write, and escaping. Strings from
 * the image are escaped twice over: first as in the text report (control
 * bytes and invalid UTF-8 as \xHH), then for the markup, so a file name can
 * neither break the document nor inject markup or script. */
#ifndef FW_REPORT_RENDER_UTIL_H
#define FW_REPORT_RENDER_UTIL_H

#include <stdio.h>
#include "report/report.h"

typedef struct fw_out {
    FILE *f;
    int failed;
} fw_out;

void fw_out_put(fw_out *o, const char *s);
void fw_out_printf(fw_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* XML/HTML text and attribute values: & < > " ' as entities. */
void fw_out_xml_text(fw_out *o, const char *s);   /* text a check or rule composed */
void fw_out_xml_name(fw_out *o, const char *s);   /* a raw name from the image */
/* Markdown: text with the characters that start markup backslash-escaped and
 * < > & as entities; a table cell escapes | too. */
void fw_out_md_text(fw_out *o, const char *s);
void fw_out_md_name(fw_out *o, const char *s);
/* "chain > /path:line" or " @0xOFF", escaped for the text report (new string). */
char *fw_location_text(const fw_finding *f);
/* The same for another place of a finding (fw_finding.also). */
char *fw_place_text(const fw_location *l);
/* Flush and say whether everything was written: 0 or -1. */
int fw_out_finish(fw_out *o);

#endif
