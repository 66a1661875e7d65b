/* render_util.c: writer and escaping for the markup renderers. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/render_util.h"

void fw_out_put(fw_out *o, const char *s)
{
    if (fputs(s, o->f) == EOF)
        o->failed = 1;
}

void fw_out_printf(fw_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(o->f, fmt, ap) < 0)
        o->failed = 1;
    va_end(ap);
}

static void put_xml_escaped(fw_out *o, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fw_out_put(o, "&amp;"); break;
        case '<': fw_out_put(o, "&lt;"); break;
        case '>': fw_out_put(o, "&gt;"); break;
        case '"': fw_out_put(o, "&quot;"); break;
        case '\'': fw_out_put(o, "&#39;"); break;
        default:
            if (fputc(*s, o->f) == EOF)
                o->failed = 1;
        }
    }
}

void fw_out_xml_text(fw_out *o, const char *s)
{
    char *e = fw_report_escaped_text(s);
    put_xml_escaped(o, e);
    free(e);
}

void fw_out_xml_name(fw_out *o, const char *s)
{
    char *e = fw_escaped(s ? s : "", s ? strlen(s) : 0);
    put_xml_escaped(o, e);
    free(e);
}

static void put_md_escaped(fw_out *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fw_out_put(o, "&lt;");
        else if (*s == '>') fw_out_put(o, "&gt;");
        else if (*s == '&') fw_out_put(o, "&amp;");
        else if (*s == '\n') fw_out_put(o, " ");
        else {
            if (strchr("\\`*_{}[]()#+!|~", *s))
                fw_out_put(o, "\\");
            if (fputc(*s, o->f) == EOF)
                o->failed = 1;
        }
    }
}

void fw_out_md_text(fw_out *o, const char *s)
{
    char *e = fw_report_escaped_text(s);
    put_md_escaped(o, e);
    free(e);
}

void fw_out_md_name(fw_out *o, const char *s)
{
    char *e = fw_escaped(s ? s : "", s ? strlen(s) : 0);
    put_md_escaped(o, e);
    free(e);
}

static char *place_text(const char *chain, const char *path, uint64_t line, uint64_t offset)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    if (chain && *chain) {
        fw_escape(&sb, chain, strlen(chain));
        fw_sb_adds(&sb, " > ");
    }
    fw_escape(&sb, path ? path : "", path ? strlen(path) : 0);
    if (line > 0)
        fw_sb_addf(&sb, ":%llu", (unsigned long long)line);
    else if (offset != FW_NO_OFFSET)
        fw_sb_addf(&sb, " @0x%llx", (unsigned long long)offset);
    if (!sb.buf)
        fw_sb_adds(&sb, "");
    return fw_sb_detach(&sb);
}

char *fw_place_text(const fw_location *l)
{
    return place_text(l->chain, l->path, l->line, l->offset);
}

char *fw_location_text(const fw_finding *f)
{
    return place_text(f->chain, f->path, f->line, f->offset);
}

int fw_out_finish(fw_out *o)
{
    if (fflush(o->f) != 0 || ferror(o->f))
        o->failed = 1;
    return o->failed ? -1 : 0;
}
