/* format.c: the renderer table: one entry per output format, each format in
 * its own render_*.c. The CLI picks a renderer by --format or by the output
 * file's extension; its usage message lists the names from here. */
#include <string.h>
#include "core/strbuf.h"
#include "report/report.h"

static const fw_report_format formats[] = {
    { "text", ".txt", fw_render_text, "txt" },
    { "json", ".json", fw_render_json, "" },
    { "sarif", ".sarif .sarif.json", fw_render_sarif, "" },
    { "junit", ".junit.xml .xml", fw_render_junit, "" },   /* "xml" alone says too little */
    { "html", ".html .htm", fw_render_html, "htm" },
    { "markdown", ".md .markdown", fw_render_markdown, "md" },
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

/* By name or alias: `-f md` is the Markdown that `-o r.md` writes. */
const fw_report_format *fw_report_format_find(const char *name)
{
    size_t nl = name ? strlen(name) : 0;
    for (size_t i = 0; nl && i < N_FORMATS; i++) {
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
        for (const char *a = formats[i].aliases ? formats[i].aliases : ""; *a;) {
            size_t n = strcspn(a, " ");
            if (n == nl && strncmp(a, name, nl) == 0)
                return &formats[i];
            a += n;
            while (*a == ' ')
                a++;
        }
    }
    return NULL;
}

static int ends_with(const char *s, const char *suffix, size_t n)
{
    size_t len = strlen(s);
    return len > n && strncmp(s + len - n, suffix, n) == 0;
}

/* The longest matching extension wins (".sarif.json" is SARIF, not JSON). */
const fw_report_format *fw_report_format_for_path(const char *path)
{
    const fw_report_format *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; path && i < N_FORMATS; i++) {
        const char *e = formats[i].extensions;
        while (*e) {
            size_t n = strcspn(e, " ");
            if (n > best_len && ends_with(path, e, n))
                best = &formats[i], best_len = n;
            e += n;
            e += strspn(e, " ");
        }
    }
    return best;
}

char *fw_report_format_names(void)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    for (size_t i = 0; i < N_FORMATS; i++)
        fw_sb_addf(&sb, "%s%s", i ? ", " : "", formats[i].name);
    return fw_sb_detach(&sb);
}

const fw_report_format *fw_report_formats(size_t *n)
{
    *n = N_FORMATS;
    return formats;
}
