/* script.c: script kinds, comment stripping, root file systems (see script.h). */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/script.h"
#include "core/elfhdr.h"
#include "core/limits.h"
#include "core/xalloc.h"

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static int under(const char *path, const char *dir)
{
    size_t m = strlen(dir);
    return strncmp(path, dir, m) == 0 && path[m] == '/';
}

int fw_script_is_elf(const fw_blob *b)
{
    return fw_elfhdr_magic(b->data, b->size);
}

const unsigned char *fw_script_memmem(const unsigned char *h, size_t hn, const void *needle,
                                   size_t nn)
{
    if (nn == 0 || hn < nn)
        return NULL;
    return memmem(h, hn, needle, nn);
}

fw_script_kind fw_script_kind_of(const fw_node *node, const fw_blob *blob)
{
    if (blob->size == 0 || blob->size > FW_MAX_SCRIPT_SIZE || !fw_blob_is_text(blob))
        return SCRIPT_NONE;
    const char *d = (const char *)blob->data;
    if (blob->size > 2 && d[0] == '#' && d[1] == '!') {
        const char *nl = memchr(d, '\n', blob->size);
        size_t n = nl ? (size_t)(nl - d) : blob->size;
        /* The interpreter's base name, and "env NAME" after it. */
        char first[128];
        if (n >= sizeof first)
            n = sizeof first - 1;
        memcpy(first, d, n);
        first[n] = '\0';
        if (strstr(first, "lua"))
            return SCRIPT_LUA;
        if (strstr(first, "php"))
            return SCRIPT_PHP;
        if (strstr(first, "sh") || strstr(first, "haserl"))
            return SCRIPT_SH;
        return SCRIPT_NONE;
    }
    const char *p = fw_node_syspath(node);
    if (has_suffix(p, ".sh") || has_suffix(p, ".cgi"))
        return SCRIPT_SH;
    if (has_suffix(p, ".lua"))
        return SCRIPT_LUA;
    if (has_suffix(p, ".php"))
        return SCRIPT_PHP;
    static const char *const sh_dirs[] = {
        "/lib/upgrade", "/lib/functions", "/lib/preinit", "/etc/rc.button", "/etc/hotplug.d",
        "/etc/init.d", "/etc/uci-defaults", "/usr/libexec", "/www/cgi-bin", "/cgi-bin", NULL,
    };
    for (size_t i = 0; sh_dirs[i]; i++)
        if (under(p, sh_dirs[i]))
            return SCRIPT_SH;
    return SCRIPT_NONE;
}

size_t fw_script_code_len(fw_script_kind k, const char *s, size_t n)
{
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q) {
            if (c == '\\' && q != '\'' && i + 1 < n)
                i++;
            else if (c == q)
                q = 0;
            continue;
        }
        if (c == '\\' && i + 1 < n) {
            i++;
            continue;
        }
        if (c == '"' || c == '\'' || (c == '`' && k == SCRIPT_SH))
            q = c;
        else if (k == SCRIPT_SH && c == '#' &&
                 (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == ';'))
            return i;
        else if (k == SCRIPT_LUA && c == '-' && i + 1 < n && s[i + 1] == '-')
            return i;
        else if (k == SCRIPT_PHP && (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')))
            return i;
    }
    return n;
}

void fw_script_ns_track(fw_script_nsset *set, const fw_ns *ns)
{
    if (set->n < FW_MAX_SCRIPTS_TRACKED && fw_ns_is_system(ns)) {
        FW_XGROW(set->v, set->cap, set->n + 1);
        set->v[set->n].ns = ns;
        set->v[set->n++].found = 0;
    }
}

void fw_script_ns_found(fw_script_nsset *set, const fw_ns *ns)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->v[i].ns == ns)
            set->v[i].found = 1;
}

const fw_node *fw_script_ns_anchor(const fw_ns *ns)
{
    const fw_node *n = fw_ns_resolve(ns, "/etc");
    if (!n)
        n = fw_ns_get(ns, ns->root && ns->root[0] ? ns->root : "/");
    if (!n)
        for (size_t i = 0; i < ns->count; i++)
            if (!n || strcmp(fw_node_syspath(ns->nodes[i]), fw_node_syspath(n)) < 0)
                n = ns->nodes[i];
    return n;
}

void fw_script_nsset_release(fw_script_nsset *set)
{
    free(set->v);
    memset(set, 0, sizeof *set);
}
