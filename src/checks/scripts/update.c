/* update.c: the "update" analyzer: does the image have a software update
 * mechanism (MO.8), and is an update verified before it is written to
 * flash (MO.14)?
 *
 * Checks (bound by rules/update.rules; patterns in rules/data/update.txt):
 *   update-mechanism      evidence: an update path exists (MO.8)
 *   verified-update       evidence: a signature check on the path, with its
 *                         result acted on (MO.14)
 *   unverified-update     a script path that writes an image to flash with
 *                         no signature check anywhere in the scripts it runs
 *   verify-ignored        a signature check whose result is not acted on
 *                         (`usign -V ...; mtd write`, `|| true`, piped)
 *   insecure-download     an update path fetching over http/ftp/tftp (MO.6)
 *   opkg-unsigned         opkg without `option check_signature` (or 0)
 *   opkg-signed           evidence: opkg checks package-list signatures
 *   unverified-update-binary / verified-update-binary
 *                         string-level judgement of ELF updaters (upgrade
 *                         CGI in a vendor httpd): imports and strings only
 *   fit-signature-key     evidence: a U-Boot control device tree holds a FIT
 *                         signature key marked "required" (verified boot)
 *   fit-signature-optional  the key is there but not required: U-Boot still
 *                         boots unsigned images
 *   no-update-mechanism   a root file system with none of the above
 *
 * Scripts are grouped into update paths along the edges "reads" (`.`,
 * `source`, OpenWrt's `include DIR` = DIR/\*.sh) and "runs" (a CGI calling
 * /sbin/sysupgrade IMAGE). For each script that writes to flash, its path
 * is every script from which the writer is reachable, plus everything those
 * read: /sbin/sysupgrade, /lib/upgrade/common.sh (the `mtd write`) and
 * /lib/upgrade/fwtool.sh (the `usign -V`) are judged together, while a
 * hotplug script that merely reads /lib/functions.sh, as sysupgrade does,
 * stays out (edges are followed forward only). A path is
 * an update path when it writes to flash (class `write`) and names itself
 * one (a `path-marker` on a file's path or a `marker` in its code), so a
 * preinit script rewriting a header is not taken for an updater.
 */
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "checks/scripts/cmdpat.h"
#include "checks/scripts/script.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_MECH        "update-mechanism"
#define CK_VERIFIED    "verified-update"
#define CK_UNVERIFIED  "unverified-update"
#define CK_IGNORED     "verify-ignored"
#define CK_INSECURE    "insecure-download"
#define CK_OPKG_UNSIG  "opkg-unsigned"
#define CK_OPKG_SIG    "opkg-signed"
#define CK_BIN_UNVER   "unverified-update-binary"
#define CK_BIN_VER     "verified-update-binary"
#define CK_NONE        "no-update-mechanism"
#define CK_FIT_KEY     "fit-signature-key"
#define CK_FIT_OPT     "fit-signature-optional"

static const char *const update_checks[] = {
    CK_MECH, CK_VERIFIED, CK_UNVERIFIED, CK_IGNORED, CK_INSECURE, CK_OPKG_UNSIG,
    CK_OPKG_SIG, CK_BIN_UNVER, CK_BIN_VER, CK_NONE, CK_FIT_KEY, CK_FIT_OPT, NULL,
};

typedef enum fact_kind { F_WRITE, F_VERIFY, F_FETCH } fact_kind;

typedef struct fact {
    fact_kind kind;
    const char *name;       /* pattern name: "mtd", "usign" (borrowed from the set) */
    uint64_t line, offset;
    char *excerpt;          /* escaped code line */
    char *keys;             /* verify: key path named on the line, or NULL */
    int checked;            /* verify: its status decides what happens next */
} fact;

typedef struct script_rec {
    const fw_node *node;
    char **sources;         /* system paths or globs it reads */
    size_t n_sources, cap_sources;
    fact *facts;
    size_t n_facts, cap_facts;
    int marker;             /* names itself an updater (path or code) */
    int path_marker;        /* ... by its path (/sbin/sysupgrade) */
    size_t *edges;          /* indices of the scripts it reads or runs */
    size_t n_edges, cap_edges;
    size_t *redges;         /* indices of the scripts that read or run it */
    size_t n_redges, cap_redges;
} script_rec;

/* Names (borrowed from the set) say which pattern family matched and make
 * the identity; the *_text fields (owned, escaped) are the bytes that are
 * in the binary, which is what reports quote. */
typedef struct elf_rec {
    const fw_node *node;
    const char *what;       /* the updater pattern that matched */
    char *what_text;        /* ... and the string it matched */
    uint64_t what_off;      /* offset of that string */
    const char *verify;     /* a signature-verification import, or NULL */
    char *verify_text;
    const char *digest;     /* a checksum-only import (MD5, CRC), or NULL */
    char *digest_text;
} elf_rec;

typedef struct opkg_rec {
    const fw_ns *ns;
    const fw_node *node;    /* the conf with check_signature, or the first conf */
    int sig;                /* -1 absent, 0 disabled, 1 enabled */
    uint64_t sig_line;
    const fw_node *feed_node;
    uint64_t feed_line;     /* first http/ftp feed */
    char *feed_excerpt;
} opkg_rec;

typedef struct conf_rec {
    const fw_node *node;
    const char *name;       /* "mender", "rauc" (borrowed from the set) */
    uint64_t line;          /* of the verify setting, 0 = none */
    char *keys;
    char *excerpt;
} conf_rec;

typedef struct upd_state {
    fw_cmdpat_set pats;
    fw_script_nsset nss;    /* root file systems; found: some update mechanism */
    script_rec *scripts;
    size_t n_scripts, cap_scripts;
    elf_rec *elfs;
    size_t n_elfs, cap_elfs;
    opkg_rec *opkgs;
    size_t n_opkgs, cap_opkgs;
    conf_rec *confs;
    size_t n_confs, cap_confs;
} upd_state;

static int update_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    upd_state *st = fw_xcalloc(1, sizeof *st);
    *state = st;
    return fw_cmdpat_load_for(ctx, update_checks, "patterns", &st->pats, err);
}

static void update_fini(void *state)
{
    upd_state *st = state;
    if (!st)
        return;
    for (size_t i = 0; i < st->n_scripts; i++) {
        script_rec *s = &st->scripts[i];
        for (size_t j = 0; j < s->n_sources; j++)
            free(s->sources[j]);
        for (size_t j = 0; j < s->n_facts; j++) {
            free(s->facts[j].excerpt);
            free(s->facts[j].keys);
        }
        free(s->sources);
        free(s->edges);
        free(s->redges);
        free(s->facts);
    }
    for (size_t i = 0; i < st->n_opkgs; i++)
        free(st->opkgs[i].feed_excerpt);
    for (size_t i = 0; i < st->n_elfs; i++) {
        free(st->elfs[i].what_text);
        free(st->elfs[i].verify_text);
        free(st->elfs[i].digest_text);
    }
    free(st->scripts);
    free(st->elfs);
    free(st->opkgs);
    for (size_t i = 0; i < st->n_confs; i++) {
        free(st->confs[i].keys);
        free(st->confs[i].excerpt);
    }
    free(st->confs);
    fw_script_nsset_release(&st->nss);
    fw_cmdpat_release(&st->pats);
    free(st);
}

static void inv_row(fw_check_ctx *ctx, const char *mech, const char *where,
                    const char *verified, const char *how, const char *keys);

/* ---- scripts --------------------------------------------------------- */

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Is the status of the command at [ms, me) of code line c acted on? Yes
 * when it is the condition of if/while/until or negated, when && or ||
 * follows it (but not `|| true` / `|| :`), when the next code line tests
 * $? or saves it, or when it ends a function (its status is the
 * function's, judged by the caller). No when it is piped (the pipe's status
 * is the last command's) or when `|| true` discards it. */
static int verify_checked(const char *c, size_t n, size_t ms, size_t me, const char *next,
                          size_t next_n, int set_e)
{
    /* The command's own segment ends at an unquoted ; & | or end of line. */
    size_t e = me;
    char q = 0;
    for (; e < n; e++) {
        char ch = c[e];
        if (q) {
            if (ch == q)
                q = 0;
            continue;
        }
        if (ch == '"' || ch == '\'')
            q = ch;
        else if (ch == ';' || ch == '&' || ch == '|')
            break;
    }
    if (e + 1 < n && c[e] == '|' && c[e + 1] == '|') {
        size_t k = e + 2;
        while (k < n && is_blank(c[k]))
            k++;
        if ((k < n && c[k] == ':') || (n - k >= 4 && memcmp(c + k, "true", 4) == 0))
            return 0;
        return 1;
    }
    if (e < n && c[e] == '|')
        return 0;                       /* piped: the status is the pipe's end */
    if (e + 1 < n && c[e] == '&' && c[e + 1] == '&')
        return 1;
    /* What comes before it on the line. */
    size_t b = ms;
    while (b > 0 && is_blank(c[b - 1]))
        b--;
    if (b > 0 && c[b - 1] == '!')
        return 1;
    if (b >= 2 && (memcmp(c + b - 2, "&&", 2) == 0 || memcmp(c + b - 2, "||", 2) == 0))
        return 1;   /* the right side of a list: its status is the list's, tested below */
    for (size_t i = 0; i < b; i++) {
        if ((i == 0 || !((c[i - 1] >= 'a' && c[i - 1] <= 'z') || c[i - 1] == '_')) &&
            (strncmp(c + i, "if ", 3) == 0 || strncmp(c + i, "elif ", 5) == 0 ||
             strncmp(c + i, "while ", 6) == 0 || strncmp(c + i, "until ", 6) == 0))
            return 1;
    }
    if (set_e)
        return 1;
    if (next) {
        size_t k = 0;
        while (k < next_n && is_blank(next[k]))
            k++;
        const char *p = next + k;
        size_t m = next_n - k;
        if (m >= 1 && p[0] == '}')
            return 1;
        if (memmem(p, m, "$?", 2) || memmem(p, m, "${?}", 4))
            return 1;
    }
    return 0;
}

static void add_fact(script_rec *r, fact_kind kind, const fw_cmdpat_hit *h, const fw_line *ln,
                     size_t code_len)
{
    if (r->n_facts >= FW_MAX_SCRIPT_FACTS)
        return;
    FW_XGROW(r->facts, r->cap_facts, r->n_facts + 1);
    fact *f = &r->facts[r->n_facts++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->name = h->pat->name;
    f->line = ln->lineno;
    f->offset = ln->offset + h->start;
    f->excerpt = fw_escaped(ln->s, code_len > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : code_len);
}

/* `. FILE`, `source FILE`, `include DIR` at the start of a command. */
static void add_sources(script_rec *r, const char *c, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (is_blank(c[i]) || c[i] == ';' || c[i] == '&' || c[i] == '|' ||
                         c[i] == '{' || c[i] == '('))
            i++;
        size_t ws = i;
        while (i < n && !is_blank(c[i]) && c[i] != ';')
            i++;
        size_t wl = i - ws;
        int inc = wl == 7 && memcmp(c + ws, "include", 7) == 0;
        int dot = (wl == 1 && c[ws] == '.') || (wl == 6 && memcmp(c + ws, "source", 6) == 0);
        if (inc || dot) {
            while (i < n && is_blank(c[i]))
                i++;
            size_t as = i;
            while (i < n && !is_blank(c[i]) && c[i] != ';')
                i++;
            size_t al = i - as;
            if (al > 0 && c[as] == '/' && al < FW_MAX_PATH_LEN &&
                !memchr(c + as, '$', al) && r->n_sources < FW_MAX_SCRIPT_SOURCES) {
                FW_XGROW(r->sources, r->cap_sources, r->n_sources + 1);
                r->sources[r->n_sources++] = inc ? fw_xasprintf("%.*s/*.sh", (int)al, c + as)
                                                 : fw_xstrndup(c + as, al);
            }
        }
        /* Only the first word of each command: skip to the next separator. */
        while (i < n && c[i] != ';' && c[i] != '&' && c[i] != '|')
            i++;
    }
}

static int scan_script(fw_check_ctx *ctx, upd_state *st, const fw_node *node,
                       const fw_blob *blob, fw_script_kind kind)
{
    script_rec r = { .node = node };
    const char *path = fw_node_syspath(node);
    fw_cmdpat_hit h;
    int lim = 0;
    if (fw_cmdpat_find(&st->pats, "path-marker", path, strlen(path), 0, &h) == 1)
        r.marker = r.path_marker = 1;
    int set_e = 0;
    fw_line_iter it;
    fw_line ln, nx;
    fw_lines_init(&it, blob->data, blob->size);
    int have = fw_lines_next(&it, &ln);
    while (have) {
        int have_next = fw_lines_next(&it, &nx);
        /* The next code line (blank and comment lines in between are few;
         * one look-ahead is enough for `cmd` then `[ $? -eq 0 ]`). */
        size_t cl = fw_script_code_len(kind, ln.s, ln.len);
        const char *c = ln.s;
        if (cl > 0) {
            if (kind == SCRIPT_SH) {
                add_sources(&r, c, cl);
                size_t k = 0;
                while (k < cl && is_blank(c[k]))
                    k++;
                if (cl - k >= 6 && memcmp(c + k, "set -e", 6) == 0)
                    set_e = 1;
            }
            if (!r.marker && fw_cmdpat_find(&st->pats, "marker", c, cl, 0, &h) == 1)
                r.marker = 1;
            /* Running an updater script (a CGI or LuCI page calling
             * /sbin/sysupgrade IMAGE) joins its group: the check may be
             * there, and so may the download. */
            if (fw_cmdpat_find(&st->pats, "calls", c, cl, 0, &h) == 1 &&
                r.n_sources < FW_MAX_SCRIPT_SOURCES) {
                FW_XGROW(r.sources, r.cap_sources, r.n_sources + 1);
                r.sources[r.n_sources++] = fw_xstrdup(h.pat->name);
            }
            /* verify-internal: the tool itself refuses an unsigned image
             * (rauc install, swupdate -k): its status needs no test. */
            static const struct { const char *cls; fact_kind k; } classes[] = {
                { "write", F_WRITE }, { "verify", F_VERIFY }, { "verify-internal", F_VERIFY },
                { "fetch", F_FETCH },
            };
            for (size_t ci = 0; ci < 4; ci++) {
                int m = fw_cmdpat_find(&st->pats, classes[ci].cls, c, cl, 0, &h);
                if (m < 0)
                    lim = 1;
                if (m != 1)
                    continue;
                /* Writing the JFFS2 end-of-filesystem marker (0xdeadc0de)
                 * or anything to the overlay partition erases user data:
                 * no image goes to flash (the erase analyzer counts it). */
                fw_cmdpat_hit nh;
                if (classes[ci].k == F_WRITE &&
                    fw_cmdpat_find(&st->pats, "not-write", c, cl, 0, &nh) == 1)
                    continue;
                add_fact(&r, classes[ci].k, &h, &ln, cl);
                if (classes[ci].k == F_VERIFY && r.n_facts > 0) {
                    fact *f = &r.facts[r.n_facts - 1];
                    size_t ncl = have_next ? fw_script_code_len(kind, nx.s, nx.len) : 0;
                    f->checked = ci == 2 ||
                                 verify_checked(c, cl, h.start, h.end,
                                                have_next ? nx.s : NULL, ncl, set_e);
                    fw_cmdpat_hit kh;
                    if (fw_cmdpat_find(&st->pats, "keys", c, cl, 0, &kh) == 1 && kh.g1e > kh.g1s)
                        f->keys = fw_xstrndup(c + kh.g1s, kh.g1e - kh.g1s);
                }
            }
        }
        ln = nx;
        have = have_next;
    }
    if (lim)
        fw_check_warn(ctx, node, "update: a pattern hit the PCRE2 match limit; "
                      "part of the script was not judged");
    if ((r.n_facts == 0 && r.n_sources == 0) || st->n_scripts >= FW_MAX_SCRIPTS_TRACKED) {
        for (size_t j = 0; j < r.n_sources; j++)
            free(r.sources[j]);
        free(r.sources);
        free(r.facts);
        return FW_OK;
    }
    FW_XGROW(st->scripts, st->cap_scripts, st->n_scripts + 1);
    st->scripts[st->n_scripts++] = r;
    return FW_OK;
}

/* ---- opkg ------------------------------------------------------------ */

static opkg_rec *opkg_of(upd_state *st, const fw_ns *ns)
{
    for (size_t i = 0; i < st->n_opkgs; i++)
        if (st->opkgs[i].ns == ns)
            return &st->opkgs[i];
    FW_XGROW(st->opkgs, st->cap_opkgs, st->n_opkgs + 1);
    opkg_rec *o = &st->opkgs[st->n_opkgs++];
    memset(o, 0, sizeof *o);
    o->ns = ns;
    o->sig = -1;
    return o;
}

static void scan_opkg(upd_state *st, const fw_node *node, const fw_blob *blob)
{
    opkg_rec *o = opkg_of(st, node->ns);
    if (!o->node)
        o->node = node;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (fw_lines_next(&it, &ln)) {
        const char *f[4];
        size_t fl[4];
        size_t k = 0;
        while (k < ln.len && is_blank(ln.s[k]))
            k++;
        if (k == ln.len || ln.s[k] == '#')
            continue;
        /* opkg splits on blanks; fw_split takes one separator: normalise tabs. */
        char buf[512];
        size_t n = ln.len - k < sizeof buf - 1 ? ln.len - k : sizeof buf - 1;
        memcpy(buf, ln.s + k, n);
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '\t')
                buf[i] = ' ';
        size_t nf = 0;
        for (size_t i = 0; i < n && nf < 4;) {
            while (i < n && buf[i] == ' ')
                i++;
            if (i == n)
                break;
            f[nf] = buf + i;
            while (i < n && buf[i] != ' ')
                i++;
            fl[nf] = (size_t)(buf + i - f[nf]);
            nf++;
        }
        if (nf >= 2 && fl[0] == 6 && memcmp(f[0], "option", 6) == 0 &&
            fl[1] == 15 && memcmp(f[1], "check_signature", 15) == 0) {
            int on = 1;   /* opkg: the option alone turns it on */
            if (nf >= 3 && ((fl[2] == 1 && f[2][0] == '0') ||
                            (fl[2] == 5 && memcmp(f[2], "false", 5) == 0) ||
                            (fl[2] == 2 && memcmp(f[2], "no", 2) == 0)))
                on = 0;
            if (o->sig != 1) {
                o->sig = on;
                o->sig_line = ln.lineno;
                o->node = node;
            }
        } else if (nf >= 3 && ((fl[0] == 3 && memcmp(f[0], "src", 3) == 0) ||
                               (fl[0] == 6 && memcmp(f[0], "src/gz", 6) == 0)) &&
                   !o->feed_node &&
                   ((fl[2] >= 7 && memcmp(f[2], "http://", 7) == 0) ||
                    (fl[2] >= 6 && memcmp(f[2], "ftp://", 6) == 0))) {
            o->feed_node = node;
            o->feed_line = ln.lineno;
            o->feed_excerpt = fw_escaped(ln.s, ln.len > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : ln.len);
        }
    }
}

/* ---- ELF updaters (string level) --------------------------------------- */

static void scan_elf(fw_check_ctx *ctx, upd_state *st, const fw_node *node,
                     const fw_blob *blob)
{
    fw_cmdpat_hit h;
    int m = fw_cmdpat_find(&st->pats, "elf-updater", (const char *)blob->data, blob->size, 0, &h);
    if (m < 0)
        fw_check_warn(ctx, node, "update: a pattern hit the PCRE2 match limit");
    if (m != 1 || st->n_elfs >= FW_MAX_SCRIPTS_TRACKED)
        return;
    const char *d = (const char *)blob->data;
    size_t at;
    elf_rec e = { .node = node, .what = h.pat->name };
    e.what_text = fw_cmdpat_matched(&h, d, FW_EXCERPT_MAX, &at);
    e.what_off = at;
    if (fw_cmdpat_find(&st->pats, "elf-verify", d, blob->size, 0, &h) == 1) {
        e.verify = h.pat->name;
        e.verify_text = fw_cmdpat_matched(&h, d, FW_EXCERPT_MAX, NULL);
    }
    if (fw_cmdpat_find(&st->pats, "elf-digest", d, blob->size, 0, &h) == 1) {
        e.digest = h.pat->name;
        e.digest_text = fw_cmdpat_matched(&h, d, FW_EXCERPT_MAX, NULL);
    }
    FW_XGROW(st->elfs, st->cap_elfs, st->n_elfs + 1);
    st->elfs[st->n_elfs++] = e;
}

/* An updater configured by a file (Mender, RAUC, SWUpdate): verified when
 * the file names the key it checks images with. */
static void scan_conf(upd_state *st, const fw_node *node, const fw_blob *blob,
                      const char *name)
{
    if (st->n_confs >= FW_MAX_SCRIPTS_TRACKED)
        return;
    conf_rec c = { .node = node, .name = name };
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (!c.line && fw_lines_next(&it, &ln)) {
        size_t k = 0;
        while (k < ln.len && is_blank(ln.s[k]))
            k++;
        if (k == ln.len || ln.s[k] == '#' || ln.s[k] == ';')
            continue;
        fw_cmdpat_hit h;
        if (fw_cmdpat_find_named(&st->pats, "conf-verify", name, ln.s, ln.len, 0, &h) != 1)
            continue;
        c.line = ln.lineno;
        if (h.g1e > h.g1s)
            c.keys = fw_escaped(ln.s + h.g1s, h.g1e - h.g1s);
        c.excerpt = fw_escaped(ln.s, ln.len > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : ln.len);
    }
    FW_XGROW(st->confs, st->cap_confs, st->n_confs + 1);
    st->confs[st->n_confs++] = c;
}

/* A U-Boot control DTB (the FDT at the start of the file, or appended to
 * u-boot.bin) with a FIT signature key. String level: the property names
 * are in the FDT's string block. */
static int scan_fdt(fw_check_ctx *ctx, upd_state *st, const fw_node *node, const fw_blob *blob)
{
    const char *d = (const char *)blob->data;
    fw_cmdpat_hit mg, key, req;
    if (fw_cmdpat_find(&st->pats, "fit-magic", d, blob->size, 0, &mg) != 1)
        return FW_OK;
    if (fw_cmdpat_find(&st->pats, "fit-key", d, blob->size, mg.start, &key) != 1)
        return FW_OK;
    int required = fw_cmdpat_find(&st->pats, "fit-required", d, blob->size, mg.start, &req) == 1;
    char *kx = fw_cmdpat_matched(&key, d, 64, NULL);   /* the property name in the FDT */
    fw_detail dd[2] = { { "algorithm", (char *)key.pat->name },
                        { "confidence", (char *)"medium: FDT property names (string level)" } };
    fw_hit h = { .check = required ? CK_FIT_KEY : CK_FIT_OPT, .node = node,
                 .offset = key.start, .excerpt = kx, .identity = key.pat->name, .severity = -1,
                 .details = dd, .n_details = 2,
                 .message = required
                     ? "U-Boot device tree holds a required FIT signature key: boot images "
                       "must be signed"
                     : "U-Boot device tree holds a FIT signature key that is not marked "
                       "required: unsigned images still boot" };
    int rc = required ? fw_check_evidence(ctx, &h) : fw_check_emit(ctx, &h);
    inv_row(ctx, "U-Boot FIT", fw_node_syspath(node), required ? "yes" : "optional",
            "FIT signature node", key.pat->name);
    free(kx);
    return rc;
}

static int update_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                            const fw_blob *blob)
{
    upd_state *st = state;
    const char *p = fw_node_syspath(node);
    if (strcmp(p, "/etc/opkg.conf") == 0 || fw_glob_match("/etc/opkg/*.conf", p)) {
        if (fw_blob_is_text(blob))
            scan_opkg(st, node, blob);
        return FW_OK;
    }
    if (fw_script_is_elf(blob)) {
        scan_elf(ctx, st, node, blob);
        return FW_OK;
    }
    fw_cmdpat_hit h;
    if (!fw_blob_is_text(blob))
        return scan_fdt(ctx, st, node, blob);
    if (
        fw_cmdpat_find(&st->pats, "conf-path", p, strlen(p), 0, &h) == 1) {
        scan_conf(st, node, blob, h.pat->name);
        return FW_OK;
    }
    fw_script_kind k = fw_script_kind_of(node, blob);
    if (k == SCRIPT_NONE)
        return FW_OK;
    return scan_script(ctx, st, node, blob, k);
}

/* ---- judging ----------------------------------------------------------- */

/* Resolve every script's sources to edges between records of the same
 * namespace. A hostile image could make this quadratic (many scripts, each
 * reading a glob): path comparisons are capped at FW_MAX_SCRIPT_LINK_WORK,
 * and a cut is reported (the scan is then incomplete). */
static void link_scripts(fw_check_ctx *ctx, upd_state *st)
{
    uint64_t work = 0;
    for (size_t i = 0; i < st->n_scripts; i++) {
        script_rec *r = &st->scripts[i];
        for (size_t k = 0; k < r->n_sources; k++) {
            int glob = strpbrk(r->sources[k], "*?[") != NULL;
            for (size_t j = 0; j < st->n_scripts; j++) {
                if (++work > FW_MAX_SCRIPT_LINK_WORK) {
                    fw_check_warn(ctx, r->node, "update: too many scripts reading each other "
                                  "(FW_MAX_SCRIPT_LINK_WORK); update paths judged in part");
                    return;
                }
                if (j == i || st->scripts[j].node->ns != r->node->ns)
                    continue;
                const char *p = fw_node_syspath(st->scripts[j].node);
                if (glob ? fw_glob_match(r->sources[k], p) : strcmp(r->sources[k], p) == 0) {
                    FW_XGROW(r->edges, r->cap_edges, r->n_edges + 1);
                    r->edges[r->n_edges++] = j;
                    script_rec *t = &st->scripts[j];
                    FW_XGROW(t->redges, t->cap_redges, t->n_redges + 1);
                    t->redges[t->n_redges++] = i;
                }
            }
        }
    }
}

/* Mark in `mark` (value v) every record reachable from `from` along edges
 * (forward), or, with reverse, every record from which `from` is reachable.
 * Iterative, each record visited once. */
static void reach(const upd_state *st, size_t from, int reverse, unsigned char *mark,
                  unsigned char v, size_t *stack)
{
    size_t top = 0;
    stack[top++] = from;
    mark[from] |= v;
    while (top > 0) {
        size_t i = stack[--top];
        const script_rec *r = &st->scripts[i];
        const size_t *e = reverse ? r->redges : r->edges;
        size_t ne = reverse ? r->n_redges : r->n_edges;
        for (size_t k = 0; k < ne; k++)
            if (!(mark[e[k]] & v)) {
                mark[e[k]] |= v;
                stack[top++] = e[k];
            }
    }
}

/* The node a whole-image statement points at: the system root directory. */
static char *loc(const fw_node *n, uint64_t line)
{
    return line ? fw_xasprintf("%s:%llu", fw_node_syspath(n), (unsigned long long)line)
                : fw_xstrdup(fw_node_syspath(n));
}

static void inv_row(fw_check_ctx *ctx, const char *mech, const char *where,
                    const char *verified, const char *how, const char *keys)
{
    static const char *const cols[] = { "mechanism", "where", "verified", "verification",
                                        "keys", NULL };
    fw_inventory *inv = fw_report_inventory(fw_check_report(ctx), "updates",
                                            "Software update paths", cols);
    const char *cells[] = { mech, where, verified, how, keys };
    fw_inventory_add_row(inv, cells);
}

static int emit(fw_check_ctx *ctx, int evidence, const char *check, const fw_node *node,
                uint64_t line, uint64_t off, const char *msg, const char *excerpt,
                const char *identity, const fw_detail *d, size_t nd)
{
    fw_hit h = { .check = check, .node = node, .line = line, .offset = off,
                 .message = msg, .excerpt = excerpt, .identity = identity,
                 .severity = -1, .details = d, .n_details = nd };
    return evidence ? fw_check_evidence(ctx, &h) : fw_check_emit(ctx, &h);
}

/* The update path of writer script `wi`: the scripts that reach it (its
 * callers, ENTRY bit) and everything they read (IN bit). It is an update
 * path when it names itself one. */
#define M_ENTRY 1u
#define M_IN    2u
static int judge_writer(fw_check_ctx *ctx, upd_state *st, size_t wi, int *found)
{
    unsigned char *mark = fw_xcalloc(st->n_scripts, 1);
    size_t *stack = fw_xcalloc(st->n_scripts, sizeof *stack);
    reach(st, wi, 1, mark, M_ENTRY, stack);
    for (size_t i = 0; i < st->n_scripts; i++)
        if (mark[i] & M_ENTRY)
            reach(st, i, 0, mark, M_IN, stack);
    free(stack);
    int rc = FW_OK;
    const fact *w = NULL, *good = NULL;
    const script_rec *wr = NULL, *gr = NULL;
    int marker = 0;
    for (size_t i = 0; i < st->n_scripts; i++) {
        const script_rec *r = &st->scripts[i];
        if (!(mark[i] & M_IN))
            continue;
        if (mark[i] & M_ENTRY)
            marker |= r->marker;
        for (size_t j = 0; j < r->n_facts; j++) {
            if (r->facts[j].kind == F_WRITE && !w && i == wi) {
                w = &r->facts[j];
                wr = r;
            }
            if (r->facts[j].kind == F_VERIFY && r->facts[j].checked && !good) {
                good = &r->facts[j];
                gr = r;
            }
        }
    }
    if (!w || !marker)
        goto out;
    *found = 1;
    /* Name the path by its entry: a file of the group that reads others
     * and names itself an updater (/sbin/sysupgrade), else the writer. */
    const char *entry = fw_node_syspath(wr->node);
    for (int pass = 0; pass < 2 && entry == fw_node_syspath(wr->node); pass++)
        for (size_t i = 0; i < st->n_scripts; i++) {
            const script_rec *r = &st->scripts[i];
            if ((mark[i] & M_ENTRY) && i != wi && r->n_sources > 0 &&
                (pass == 0 ? r->path_marker : r->marker)) {
                entry = fw_node_syspath(r->node);
                break;
            }
        }
    char *wloc = loc(wr->node, w->line);
    char *msg = fw_xasprintf("update path %s writes an image to flash with %s at %s", entry,
                          w->name, wloc);
    fw_detail d[3] = { { "mechanism", (char *)w->name }, { "writes_at", wloc },
                       { "entry", (char *)entry } };
    rc = emit(ctx, 1, CK_MECH, wr->node, w->line, w->offset, msg, w->excerpt, entry, d, 3);
    free(msg);
    /* Every verify fact: acted on = evidence, ignored = finding. */
    for (size_t i = 0; rc == FW_OK && i < st->n_scripts; i++) {
        const script_rec *r = &st->scripts[i];
        if (!(mark[i] & M_IN))
            continue;
        for (size_t j = 0; rc == FW_OK && j < r->n_facts; j++) {
            const fact *f = &r->facts[j];
            if (f->kind == F_VERIFY && !f->checked) {
                char *m = fw_xasprintf("%s checks a signature but its result is not acted on "
                                    "before the update at %s is written", f->name, wloc);
                fw_detail fd[2] = { { "verifier", (char *)f->name }, { "writes_at", wloc } };
                rc = emit(ctx, 0, CK_IGNORED, r->node, f->line, f->offset, m, f->excerpt,
                          f->excerpt, fd, 2);
                free(m);
            } else if (f->kind == F_FETCH) {
                char *m = fw_xasprintf("update path fetches over an unprotected transport "
                                    "(%s)", f->name);
                fw_detail fd[1] = { { "transport", (char *)f->name } };
                rc = emit(ctx, 0, CK_INSECURE, r->node, f->line, f->offset, m, f->excerpt,
                          f->excerpt, fd, 1);
                free(m);
            }
        }
    }
    if (rc == FW_OK && good) {
        char *m = fw_xasprintf("the update written at %s is checked with %s before it is "
                            "written%s%s", wloc, good->name, good->keys ? "; keys: " : "",
                            good->keys ? good->keys : "");
        fw_detail gd[3] = { { "verifier", (char *)good->name }, { "writes_at", wloc },
                            { "keys", good->keys ? good->keys : (char *)"unknown" } };
        rc = emit(ctx, 1, CK_VERIFIED, gr->node, good->line, good->offset, m, good->excerpt,
                  entry, gd, 3);
        free(m);
        char *gloc = loc(gr->node, good->line);
        char *mech = fw_xasprintf("%s (%s)", entry, w->name);
        inv_row(ctx, mech, wloc, "yes", gloc, good->keys);
        free(mech);
        free(gloc);
    } else if (rc == FW_OK) {
        char *m = fw_xasprintf("update path %s writes an image to flash with %s, and no "
                            "signature check whose result is acted on is in it or in the "
                            "scripts it reads or runs", entry, w->name);
        rc = emit(ctx, 0, CK_UNVERIFIED, wr->node, w->line, w->offset, m, w->excerpt,
                  w->excerpt, d, 3);
        free(m);
        char *mech = fw_xasprintf("%s (%s)", entry, w->name);
        inv_row(ctx, mech, wloc, "no", NULL, NULL);
        free(mech);
    }
    free(wloc);
out:
    free(mark);
    return rc;
}

static int judge_elf(fw_check_ctx *ctx, const elf_rec *e)
{
    char *msg;
    int rc;
    /* Quote what is in the binary (swSoftUpgrade), not the pattern family
     * (do_upgrade): the excerpt is the string a reviewer finds at offset. */
    fw_detail d[5] = { { "updater_string", e->what_text },
                       { "confidence", (char *)"low: string-level (imports and strings)" },
                       { "verifier", e->verify_text ? e->verify_text : (char *)"none found" },
                       { "checksum", e->digest_text ? e->digest_text : (char *)"none found" },
                       { "pattern", (char *)e->what } };
    msg = fw_xasprintf("binary handles firmware updates (string \"%s\")", e->what_text);
    rc = emit(ctx, 1, CK_MECH, e->node, 0, e->what_off, msg, e->what_text, e->what, d, 2);
    free(msg);
    if (rc != FW_OK)
        return rc;
    const char *p = fw_node_syspath(e->node);
    if (e->verify) {
        msg = fw_xasprintf("updater binary imports %s (signature verification; string-level "
                        "evidence, not proof it is on the update path)", e->verify_text);
        rc = emit(ctx, 1, CK_BIN_VER, e->node, 0, FW_NO_OFFSET, msg, e->verify_text, e->verify,
                  d, 5);
        inv_row(ctx, e->what_text, p, "unknown (string-level: verifier present)",
                e->verify_text, NULL);
    } else {
        msg = fw_xasprintf("updater binary (string \"%s\") contains no signature-verification "
                        "function%s%s", e->what_text, e->digest ? "; only a checksum: " : "",
                        e->digest ? e->digest_text : "");
        rc = emit(ctx, 0, CK_BIN_UNVER, e->node, 0, e->what_off, msg, e->what_text, e->what,
                  d, 5);
        inv_row(ctx, e->what_text, p, "no (string-level)", e->digest_text, NULL);
    }
    free(msg);
    return rc;
}

static int judge_opkg(fw_check_ctx *ctx, const opkg_rec *o)
{
    int rc;
    char *keys = NULL;
    const fw_node *kd = fw_ns_resolve(o->ns, "/etc/opkg/keys");
    size_t nkeys = 0;
    if (kd && kd->type == FW_NODE_DIR) {
        char *prefix = fw_xasprintf("%s/", kd->path);
        for (size_t i = 0; i < o->ns->count; i++)
            if (o->ns->nodes[i]->type == FW_NODE_FILE &&
                strncmp(o->ns->nodes[i]->path, prefix, strlen(prefix)) == 0)
                nkeys++;
        free(prefix);
    }
    keys = fw_xasprintf("/etc/opkg/keys (%zu file%s)", nkeys, nkeys == 1 ? "" : "s");
    fw_detail d[1] = { { "keys", keys } };
    rc = emit(ctx, 1, CK_MECH, o->node, o->sig == -1 ? 0 : o->sig_line, FW_NO_OFFSET,
              "opkg package manager is configured", NULL, "opkg", NULL, 0);
    char *where = loc(o->node, o->sig_line);
    if (rc == FW_OK && o->sig == 1) {
        rc = emit(ctx, 1, CK_OPKG_SIG, o->node, o->sig_line, FW_NO_OFFSET,
                  "opkg checks the signature of package lists (option check_signature)",
                  "option check_signature", "opkg", d, 1);
        inv_row(ctx, "opkg", where, "yes", "option check_signature (usign)", keys);
    } else if (rc == FW_OK) {
        rc = emit(ctx, 0, CK_OPKG_UNSIG, o->node, o->sig == 0 ? o->sig_line : 0, FW_NO_OFFSET,
                  o->sig == 0 ? "opkg signature checking is turned off (check_signature 0)"
                              : "opkg does not check package signatures: no 'option "
                                "check_signature' in its configuration",
                  NULL, "opkg", NULL, 0);
        inv_row(ctx, "opkg", where, "no", NULL, NULL);
        /* Feeds over http/ftp matter when nothing else protects the packages. */
        if (rc == FW_OK && o->feed_node)
            rc = emit(ctx, 0, CK_INSECURE, o->feed_node, o->feed_line, FW_NO_OFFSET,
                      "opkg fetches packages over plain http/ftp without signature checks",
                      o->feed_excerpt, "opkg-feed", NULL, 0);
    }
    free(where);
    free(keys);
    return rc;
}

static int judge_conf(fw_check_ctx *ctx, const conf_rec *c)
{
    const char *p = fw_node_syspath(c->node);
    char *msg = fw_xasprintf("%s updater is configured in %s", c->name, p);
    int rc = emit(ctx, 1, CK_MECH, c->node, 0, FW_NO_OFFSET, msg, NULL, c->name, NULL, 0);
    free(msg);
    if (rc != FW_OK)
        return rc;
    char *where = loc(c->node, c->line);
    if (c->line) {
        fw_detail d[2] = { { "verifier", (char *)c->name }, { "keys", c->keys ? c->keys : (char *)"unknown" } };
        msg = fw_xasprintf("%s verifies images with %s before installing them", c->name,
                        c->keys ? c->keys : "the configured key");
        rc = emit(ctx, 1, CK_VERIFIED, c->node, c->line, FW_NO_OFFSET, msg, c->excerpt,
                  c->name, d, 2);
        inv_row(ctx, c->name, where, "yes", where, c->keys);
    } else {
        msg = fw_xasprintf("%s is configured without a key to verify images with (%s)", c->name,
                        p);
        rc = emit(ctx, 0, CK_UNVERIFIED, c->node, 0, FW_NO_OFFSET, msg, NULL, c->name, NULL, 0);
        inv_row(ctx, c->name, where, "no", NULL, NULL);
    }
    free(msg);
    free(where);
    return rc;
}

static int update_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    (void)ctx;
    upd_state *st = state;
    fw_script_ns_track(&st->nss, ns);
    return FW_OK;
}

static int update_finish(fw_check_ctx *ctx, void *state)
{
    upd_state *st = state;
    int rc = FW_OK;
    link_scripts(ctx, st);
    for (size_t i = 0; rc == FW_OK && i < st->n_scripts; i++) {
        int found = 0, writes = 0;
        for (size_t j = 0; j < st->scripts[i].n_facts; j++)
            writes |= st->scripts[i].facts[j].kind == F_WRITE;
        if (writes)
            rc = judge_writer(ctx, st, i, &found);
        if (found)
            fw_script_ns_found(&st->nss, st->scripts[i].node->ns);
    }
    for (size_t i = 0; rc == FW_OK && i < st->n_elfs; i++) {
        fw_script_ns_found(&st->nss, st->elfs[i].node->ns);
        rc = judge_elf(ctx, &st->elfs[i]);
    }
    for (size_t i = 0; rc == FW_OK && i < st->n_opkgs; i++) {
        fw_script_ns_found(&st->nss, st->opkgs[i].ns);
        rc = judge_opkg(ctx, &st->opkgs[i]);
    }
    for (size_t i = 0; rc == FW_OK && i < st->n_confs; i++) {
        fw_script_ns_found(&st->nss, st->confs[i].node->ns);
        rc = judge_conf(ctx, &st->confs[i]);
    }
    for (size_t i = 0; rc == FW_OK && i < st->nss.n; i++) {
        const fw_node *a = st->nss.v[i].found ? NULL : fw_script_ns_anchor(st->nss.v[i].ns);
        if (!a)
            continue;
        rc = emit(ctx, 0, CK_NONE, a, 0, FW_NO_OFFSET,
                  "no software update mechanism found in this file system: no update "
                  "script writing to flash, no package manager, no updater binary "
                  "(not found; see doc/checks.md for what is looked for)",
                  NULL, "no-update-mechanism", NULL, 0);
    }
    return rc;
}

const fw_analyzer fw_analyzer_update = {
    .name = "update",
    .checks = update_checks,
    .init = update_init,
    .fini = update_fini,
    .scan_ns = update_scan_ns,
    .scan_file = update_scan_file,
    .finish = update_finish,
};
