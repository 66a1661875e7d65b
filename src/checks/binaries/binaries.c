/* binaries.c: the "binaries" analyzer: how every ELF in the image was built.
 *
 * For each ELF file (any machine, either byte order, 32 or 64 bit; parsed in
 * process by elf.c) it records the exploit mitigations the toolchain left
 * in it: non-executable stack (NX), position independence (PIE), RELRO,
 * stack canaries, FORTIFY_SOURCE, RPATH/RUNPATH, and whether it was
 * stripped. These are weak evidence about a vendor's risk handling (MO.3,
 * MO.16): a binary without them is not vulnerable, it is only easier to
 * exploit when it is. So the analyzer mostly *describes*, in three
 * inventories:
 *
 *   binaries          one row per ELF with its flags and a score (0-100)
 *   binaries-summary  one row per file system: counts and the mean score
 *   platform          the C library (glibc, musl, uClibc) and BusyBox:
 *                     version, and the applets it was built with
 *
 * and reports findings only for what is a defect in itself:
 *   executable-stack  PT_GNU_STACK asks for an executable stack (one
 *                     finding per file system, at the first such binary,
 *                     naming them: it is a toolchain default, often of
 *                     every binary at once)
 *   insecure-rpath    RPATH/RUNPATH names a relative directory (the current
 *                     directory of whoever runs it) or a writable one
 *                     (/tmp, /var, /mnt ...), from where anyone able to
 *                     write a file can supply the binary's libraries.
 *
 * Secrets in binaries (tokens in .rodata) are not searched here: the pattern
 * rules run over every file's raw bytes, binaries included (doc/checks.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "checks/binaries/elf.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define CK_EXEC_STACK "executable-stack"
#define CK_RPATH      "insecure-rpath"

static const char *const binaries_checks[] = { CK_EXEC_STACK, CK_RPATH, NULL };

static const char *const binaries_columns[] = {
    "path", "arch", "class", "kind", "libc", "nx", "pie", "relro", "canary",
    "fortify", "rpath", "stripped", "score", NULL,
};
static const char *const summary_columns[] = {
    "image", "elf_files", "scored", "architectures", "nx", "pie", "relro_full",
    "relro_partial", "canary", "fortify", "rpath", "stripped", "mean_score", NULL,
};
static const char *const platform_columns[] = {
    "image", "component", "version", "evidence", "path", NULL,
};

enum { LIBC_GLIBC, LIBC_MUSL, LIBC_UCLIBC, LIBC_N };
static const char *const libc_names[LIBC_N] = { "glibc", "musl", "uClibc" };

#define MAX_ARCHS 8
#define EXEC_STACK_LISTED 20

/* One BusyBox build seen in a file system; images that copy busybox for
 * every applet instead of linking it (TP-Link) list it once, with a count. */
#define MAX_BUSYBOX 8
typedef struct bb_seen {
    char version[32];
    char *applets;              /* blank-separated, or "" */
    unsigned n_applets;
    char *path;                 /* the first copy */
    unsigned copies;
} bb_seen;

/* Counts for one file system (namespace). */
typedef struct ns_tally {
    const fw_ns *ns;
    unsigned elf, scored, nx, pie, relro_full, relro_partial, canary, fortify;
    unsigned rpath, stripped;
    unsigned long score_sum;
    char archs[MAX_ARCHS][24];
    unsigned arch_count[MAX_ARCHS];
    size_t n_archs;
    unsigned libc_votes[LIBC_N];
    char libc_version[LIBC_N][32];
    char *libc_version_path[LIBC_N];
    unsigned busybox_links;     /* symlinks to a busybox binary */
    unsigned nx_unknown;        /* scored binaries without PT_GNU_STACK */
    unsigned exec_stack;        /* binaries asking for an executable stack */
    /* the EXEC_STACK_LISTED of them with the smallest device paths, sorted:
     * the finding's location and list do not depend on traversal order (a
     * directory and its tarball give the same fingerprint) */
    const fw_node *exec_stack_nodes[EXEC_STACK_LISTED];
    size_t n_exec_stack_nodes;
    bb_seen bb[MAX_BUSYBOX];    /* BusyBox builds, each listed once */
    size_t n_bb;
} ns_tally;

typedef struct bin_state {
    ns_tally t;
} bin_state;

/* ---- small helpers ------------------------------------------------------ */

/* Keep the EXEC_STACK_LISTED nodes with the smallest device paths, sorted
 * (insertion into a short array: at most EXEC_STACK_LISTED moves per file). */
static void keep_smallest(const fw_node **v, size_t *n, const fw_node *node)
{
    const char *p = fw_node_syspath(node);
    size_t i = *n;
    while (i > 0 && strcmp(fw_node_syspath(v[i - 1]), p) > 0)
        i--;
    if (i >= EXEC_STACK_LISTED)
        return;
    size_t last = *n < EXEC_STACK_LISTED ? *n : EXEC_STACK_LISTED - 1;
    memmove(&v[i + 1], &v[i], (last - i) * sizeof *v);
    v[i] = node;
    if (*n < EXEC_STACK_LISTED)
        (*n)++;
}


static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static const char *tri_str(fw_tri t)
{
    return t == FW_TRI_YES ? "yes" : t == FW_TRI_NO ? "no" : "unknown";
}

/* A version: digits and dots, at most 31 bytes, copied from d[0..max).
 * Returns its length (0: none). */
static size_t read_version(const unsigned char *d, size_t max, char out[32])
{
    size_t k = 0;
    while (k < max && k < 31 && ((d[k] >= '0' && d[k] <= '9') || d[k] == '.'))
        k++;
    while (k > 0 && d[k - 1] == '.')
        k--;
    if (k == 0 || d[0] < '0' || d[0] > '9')
        return 0;
    memcpy(out, d, k);
    out[k] = '\0';
    return k;
}

/* ---- per binary ------------------------------------------------------- */

typedef enum bin_kind { K_REL, K_EXEC, K_STATIC, K_PIE, K_LIB, K_OTHER } bin_kind;

static bin_kind kind_of(const fw_elf *e)
{
    switch (e->type) {
    case FW_ELF_ET_REL: return K_REL;
    case FW_ELF_ET_EXEC: return e->interp || e->has_dynamic ? K_EXEC : K_STATIC;
    case FW_ELF_ET_DYN: return e->interp || e->flag_pie ? K_PIE : K_LIB;
    default: return K_OTHER;
    }
}

static const char *kind_name(bin_kind k, const char *path)
{
    size_t n = strlen(path);
    switch (k) {
    case K_REL: return n > 3 && strcmp(path + n - 3, ".ko") == 0 ? "kernel module" : "relocatable";
    case K_EXEC: return "executable";
    case K_STATIC: return "static executable";
    case K_PIE: return "pie executable";
    case K_LIB: return "shared library";
    default: return "other";
    }
}

/* Which C library the binary is linked against: from its program
 * interpreter, else from DT_NEEDED (the sonames differ: glibc libc.so.6,
 * uClibc libc.so.0, musl libc.so). -1 when it does not say. */
static int libc_of(const fw_elf *e)
{
    if (e->interp) {
        if (strstr(e->interp, "ld-uClibc"))
            return LIBC_UCLIBC;
        if (strstr(e->interp, "ld-musl"))
            return LIBC_MUSL;
        if (strstr(e->interp, "ld-linux"))
            return LIBC_GLIBC;
    }
    for (size_t i = 0; i < e->n_needed; i++) {
        if (strcmp(e->needed[i], "libc.so.0") == 0)
            return LIBC_UCLIBC;
        if (strcmp(e->needed[i], "libc.so.6") == 0)
            return LIBC_GLIBC;
        if (strcmp(e->needed[i], "libc.so") == 0)
            return LIBC_MUSL;
    }
    return -1;
}

typedef struct bin_flags {
    const char *nx, *pie, *relro, *canary, *fortify, *stripped;
    int score;      /* 0-100, or -1 = not scored (object files, kernel modules) */
} bin_flags;

/* The mitigations, and the score: 20 points each for NX, PIE, canary and
 * FORTIFY, 20 for full RELRO (10 partial). A shared library is always
 * position-independent, so it is scored out of the other 80. What cannot be
 * told ("unknown") earns nothing: the score says what the file shows. */
static void judge_flags(const fw_elf *e, bin_kind k, bin_flags *f)
{
    int points = 0, max = 0;
    f->nx = tri_str(e->exec_stack == FW_TRI_UNKNOWN ? FW_TRI_UNKNOWN
                    : e->exec_stack == FW_TRI_YES ? FW_TRI_NO : FW_TRI_YES);
    f->relro = e->has_relro ? (e->bind_now ? "full" : "partial") : "no";
    f->canary = e->symbols_read ? (e->canary ? "yes" : "no") : "unknown";
    f->fortify = e->symbols_read ? (e->fortify ? "yes" : "no") : "unknown";
    f->stripped = e->has_symtab ? "no" : "yes";
    switch (k) {
    case K_PIE: f->pie = "yes"; break;
    case K_EXEC: case K_STATIC: f->pie = "no"; break;
    case K_LIB: f->pie = "n/a"; break;
    default: f->pie = "n/a"; break;
    }
    if (k == K_REL || k == K_OTHER) {
        f->score = -1;
        return;
    }
    max += 20; points += e->exec_stack == FW_TRI_NO ? 20 : 0;
    if (k != K_LIB) {
        max += 20;
        points += k == K_PIE ? 20 : 0;
    }
    max += 20; points += e->has_relro ? (e->bind_now ? 20 : 10) : 0;
    max += 20; points += e->symbols_read && e->canary ? 20 : 0;
    max += 20; points += e->symbols_read && e->fortify ? 20 : 0;
    f->score = (points * 100 + max / 2) / max;
}

/* Is one RPATH/RUNPATH entry a place others may write? Empty and relative
 * entries resolve against the current directory; $ORIGIN is the binary's
 * own (read-only) directory. */
static int insecure_rpath_entry(const char *s, size_t n)
{
    static const char *const writable[] = {
        "/tmp", "/var", "/dev/shm", "/mnt", "/media", "/home", "/run", NULL,
    };
    if (n == 0)
        return 1;
    if (s[0] == '$')
        return 0;
    if (s[0] != '/')
        return 1;
    for (size_t i = 0; writable[i]; i++) {
        size_t k = strlen(writable[i]);
        if (n >= k && memcmp(s, writable[i], k) == 0 && (n == k || s[k] == '/'))
            return 1;
    }
    return 0;
}

/* The first insecure entry of a colon-separated path list, copied into out. */
static int insecure_rpath(const char *list, char *out, size_t size)
{
    const char *p = list;
    for (;;) {
        const char *c = strchr(p, ':');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (insecure_rpath_entry(p, n)) {
            snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), p);
            return 1;
        }
        if (!c)
            return 0;
        p = c + 1;
    }
}

static int emit(fw_check_ctx *ctx, const fw_node *node, const char *check, const char *msg,
                const char *identity, const fw_detail *det, size_t n_det)
{
    fw_hit hit = {
        .check = check, .node = node, .line = 0, .offset = FW_NO_OFFSET,
        .message = msg, .excerpt = NULL, .identity = identity, .severity = -1,
        .details = det, .n_details = n_det,
    };
    return fw_check_emit(ctx, &hit);
}

/* Is entry under /home, /mnt or /media while the image has no such
 * directory? */
static int absent_top_dir(const fw_ns *ns, const char *entry)
{
    static const char *const tops[] = { "/home", "/mnt", "/media", NULL };
    for (size_t i = 0; tops[i]; i++) {
        size_t k = strlen(tops[i]);
        if (strncmp(entry, tops[i], k) == 0 && entry[k] == '/')
            return !fw_ns_resolve(ns, tops[i]);
    }
    return 0;
}

/* RPATH/RUNPATH findings of one binary. (An executable stack is reported
 * once per file system, by flush_ns: it is a toolchain default, and one
 * finding per binary would bury everything else.) */
static int judge_findings(fw_check_ctx *ctx, const fw_node *node, const fw_elf *e,
                          bin_kind k)
{
    int rc = FW_OK;
    char kindbuf[32];
    snprintf(kindbuf, sizeof kindbuf, "%s", kind_name(k, node->path));
    const char *lists[2] = { e->rpath, e->runpath };
    const char *names[2] = { "rpath", "runpath" };
    for (int i = 0; i < 2; i++) {
        char entry[256];
        if (!lists[i] || !insecure_rpath(lists[i], entry, sizeof entry))
            continue;
        /* A build tree under /home, /mnt or /media (/home/osmar/Devel/...,
         * /mnt/slave/workspace/...) in an image without that directory: only
         * root can create it in /, and root needs no library trick; nothing
         * can be mounted on a directory that does not exist. /tmp, /var and
         * /run are world-writable tmpfs made at run time, so they stay
         * findings, and so do /mnt and /media when the image has them. */
        if (absent_top_dir(node->ns, entry))
            continue;
        /* a directory missing from the image is usually the vendor's build
         * tree: whoever creates it (a USB stick mounted at /mnt) wins */
        int present = entry[0] == '/' && fw_ns_resolve(node->ns, entry) != NULL;
        char *msg = fw_xasprintf("%s entry \"%s\"%s lets whoever can write there supply "
                              "the libraries this binary loads", i ? "RUNPATH" : "RPATH",
                              entry, present ? "" : " (not in the image: a build path?)");
        fw_detail det[] = { { (char *)names[i], (char *)lists[i] },
                            { "entry", entry }, { "kind", kindbuf },
                            { "in_image", present ? (char *)"yes" : (char *)"no" } };
        rc = emit(ctx, node, CK_RPATH, msg, lists[i], det, 4);
        free(msg);
        if (rc != FW_OK)
            return rc;
    }
    return rc;
}

/* ---- platform facts ----------------------------------------------------- */

/* C library version from the file name: libuClibc-0.9.30.so,
 * ld-uClibc-0.9.33.2.so, libc-2.31.so. */
static void libc_version_from_name(ns_tally *t, const fw_node *node)
{
    static const struct { const char *prefix; int libc; } names[] = {
        { "libuClibc-", LIBC_UCLIBC }, { "ld-uClibc-", LIBC_UCLIBC }, { "libc-", LIBC_GLIBC },
    };
    const char *b = base_name(node->path);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t k = strlen(names[i].prefix);
        char v[32];
        if (strncmp(b, names[i].prefix, k) != 0)
            continue;
        size_t n = read_version((const unsigned char *)b + k, strlen(b + k), v);
        if (n == 0 || strncmp(b + k + n, ".so", 3) != 0)
            continue;
        int l = names[i].libc;
        if (!t->libc_version[l][0]) {
            memcpy(t->libc_version[l], v, sizeof v);
            t->libc_version_path[l] = fw_xstrdup(node->path);
        }
    }
}

/* glibc says its version in libc.so.6: "GNU C Library (...) stable release
 * version 2.31." */
static void glibc_version_from_text(ns_tally *t, const fw_node *node, const fw_blob *blob)
{
    static const char tag[] = "release version ";
    const char *b = base_name(node->path);
    if (t->libc_version[LIBC_GLIBC][0] || strncmp(b, "libc", 4) != 0)
        return;
    const unsigned char *g = memmem(blob->data, blob->size, "GNU C Library", 13);
    if (!g)
        return;
    size_t left = blob->size - (size_t)(g - blob->data);
    const unsigned char *p = memmem(g, left < 256 ? left : 256, tag, sizeof tag - 1);
    if (!p)
        return;
    p += sizeof tag - 1;
    char v[32];
    if (read_version(p, blob->size - (size_t)(p - blob->data), v)) {
        memcpy(t->libc_version[LIBC_GLIBC], v, sizeof v);
        t->libc_version_path[LIBC_GLIBC] = fw_xstrdup(node->path);
    }
}

static int applet_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '[';
}

/* BusyBox keeps its applet names as one sorted run of NUL-separated strings
 * ("[\0[[\0addgroup\0adduser\0..."), or in older releases as sorted strings
 * padded to alignment. Find the longest strictly ascending run of short
 * lower-case names separated by 1-4 NULs; at least MIN_APPLETS of them, or
 * none. Linear in the file size: every byte is looked at a bounded number of
 * times. Returns the count; names appended to sb, blank-separated. */
#define MIN_APPLETS 10
#define MAX_APPLET_NAME 32

static unsigned find_applets(const unsigned char *d, size_t n, fw_strbuf *sb)
{
    size_t best_start = 0, best_end = 0, run_start = 0;
    unsigned best = 0, run = 0;
    const unsigned char *prev = NULL;
    size_t prev_len = 0, i = 0, run_end = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && j - i <= MAX_APPLET_NAME && applet_char(d[j]))
            j++;
        int token = j > i && j < n && d[j] == '\0' && j - i <= MAX_APPLET_NAME;
        if (token) {
            size_t len = j - i;
            int asc = prev && (memcmp(prev, d + i, len < prev_len ? len : prev_len) < 0 ||
                               (memcmp(prev, d + i, len < prev_len ? len : prev_len) == 0 &&
                                prev_len < len));
            if (run > 0 && asc && run < FW_MAX_BUSYBOX_APPLETS) {
                run++;
            } else {
                run = 1;
                run_start = i;
            }
            prev = d + i;
            prev_len = len;
            run_end = j;
            size_t k = j;
            while (k < n && d[k] == '\0' && k - j < 5)
                k++;
            if (k - j < 5) {
                i = k;
                if (run > best) {
                    best = run;
                    best_start = run_start;
                    best_end = run_end;
                }
                continue;
            }
            j = k;   /* too much padding: the run ends here */
        }
        if (run > best) {
            best = run;
            best_start = run_start;
            best_end = run_end;
        }
        run = 0;
        prev = NULL;
        i = j > i ? j : i + 1;
    }
    if (best < MIN_APPLETS)
        return 0;
    unsigned count = 0;
    for (size_t p = best_start; p < best_end && count < best;) {
        size_t len = strnlen((const char *)d + p, best_end - p);
        if (len) {
            if (count)
                fw_sb_addc(sb, ' ');
            fw_sb_add(sb, d + p, len);
            count++;
        }
        p += len + 1;
        while (p < best_end && d[p] == '\0')
            p++;
    }
    return count;
}

/* "BusyBox v1.22.1 (2017-07-06 ...)": the version, and the applet table.
 * Remembered per file system and listed by flush_ns. */
static void busybox_facts(ns_tally *t, const fw_node *node, const fw_blob *blob)
{
    static const char tag[] = "BusyBox v";
    const unsigned char *p = memmem(blob->data, blob->size, tag, sizeof tag - 1);
    if (!p)
        return;
    p += sizeof tag - 1;
    char v[32];
    if (!read_version(p, blob->size - (size_t)(p - blob->data), v))
        return;
    fw_strbuf names = FW_STRBUF_INIT;
    unsigned n = find_applets(blob->data, blob->size, &names);
    for (size_t i = 0; i < t->n_bb; i++)
        if (strcmp(t->bb[i].version, v) == 0 && strcmp(t->bb[i].applets, fw_sb_str(&names)) == 0) {
            t->bb[i].copies++;
            /* the copy with the smallest path names the build, whatever the order */
            if (strcmp(node->path, t->bb[i].path) < 0) {
                free(t->bb[i].path);
                t->bb[i].path = fw_xstrdup(node->path);
            }
            fw_sb_release(&names);
            return;
        }
    if (t->n_bb < MAX_BUSYBOX) {
        bb_seen *b = &t->bb[t->n_bb++];
        memcpy(b->version, v, sizeof v);
        b->applets = fw_xstrdup(fw_sb_str(&names));
        b->n_applets = n;
        b->path = fw_xstrdup(node->path);
        b->copies = 1;
    }
    fw_sb_release(&names);
}

static void busybox_rows(fw_check_ctx *ctx, const ns_tally *t, const char *image)
{
    for (size_t i = 0; i < t->n_bb; i++) {
        const bb_seen *b = &t->bb[i];
        fw_strbuf ev = FW_STRBUF_INIT;
        fw_sb_addf(&ev, "version string \"BusyBox v%s\"", b->version);
        if (b->copies > 1)
            fw_sb_addf(&ev, "; %u identical copies in this file system", b->copies);
        if (t->busybox_links)
            fw_sb_addf(&ev, "; %u links to busybox in this file system", t->busybox_links);
        if (b->n_applets)
            fw_sb_addf(&ev, "; %u applets built in: %s", b->n_applets, b->applets);
        else
            fw_sb_adds(&ev, "; applet table not found");
        fw_inventory *inv = fw_report_inventory(fw_check_report(ctx), "platform",
                                                "Platform: C library and BusyBox",
                                                platform_columns);
        const char *cells[] = { image, "BusyBox", b->version, fw_sb_str(&ev), b->path };
        fw_inventory_add_row(inv, cells);
        fw_sb_release(&ev);
    }
}

/* ---- per file system ---------------------------------------------------- */

static void tally_arch(ns_tally *t, const char *arch)
{
    for (size_t i = 0; i < t->n_archs; i++)
        if (strcmp(t->archs[i], arch) == 0) {
            t->arch_count[i]++;
            return;
        }
    if (t->n_archs < MAX_ARCHS) {
        snprintf(t->archs[t->n_archs], sizeof t->archs[0], "%s", arch);
        t->arch_count[t->n_archs++] = 1;
    }
}

static void tally_free(ns_tally *t)
{
    for (int l = 0; l < LIBC_N; l++)
        free(t->libc_version_path[l]);
    for (size_t i = 0; i < t->n_bb; i++) {
        free(t->bb[i].applets);
        free(t->bb[i].path);
    }
    memset(t, 0, sizeof *t);
}

/* Write the summary, libc and BusyBox rows of the namespace tallied so far,
 * and its executable-stack finding. */
static int flush_ns(fw_check_ctx *ctx, ns_tally *t)
{
    if (!t->ns || t->elf == 0) {
        tally_free(t);
        return FW_OK;
    }
    fw_report *r = fw_check_report(ctx);
    const char *image = *t->ns->chain ? t->ns->chain : "(input)";
    char c[12][48];
    fw_strbuf archs = FW_STRBUF_INIT;
    for (size_t i = 0; i < t->n_archs; i++)
        fw_sb_addf(&archs, "%s%s %u", i ? ", " : "", t->archs[i], t->arch_count[i]);
    snprintf(c[0], sizeof c[0], "%u", t->elf);
    snprintf(c[1], sizeof c[1], "%u", t->scored);
    if (t->nx_unknown)
        snprintf(c[2], sizeof c[2], "%u/%u (%u unknown)", t->nx, t->scored, t->nx_unknown);
    else
        snprintf(c[2], sizeof c[2], "%u/%u", t->nx, t->scored);
    snprintf(c[3], sizeof c[3], "%u/%u", t->pie, t->scored);
    snprintf(c[4], sizeof c[4], "%u/%u", t->relro_full, t->scored);
    snprintf(c[5], sizeof c[5], "%u/%u", t->relro_partial, t->scored);
    snprintf(c[6], sizeof c[6], "%u/%u", t->canary, t->scored);
    snprintf(c[7], sizeof c[7], "%u/%u", t->fortify, t->scored);
    snprintf(c[8], sizeof c[8], "%u", t->rpath);
    snprintf(c[9], sizeof c[9], "%u/%u", t->stripped, t->elf);
    if (t->scored)
        snprintf(c[10], sizeof c[10], "%lu", (t->score_sum + t->scored / 2) / t->scored);
    else
        snprintf(c[10], sizeof c[10], "-");
    const char *row[] = { image, c[0], c[1], fw_sb_str(&archs), c[2], c[3], c[4], c[5],
                          c[6], c[7], c[8], c[9], c[10] };
    fw_inventory_add_row(fw_report_inventory(r, "binaries-summary",
                                             "ELF hardening per file system",
                                             summary_columns), row);
    fw_sb_release(&archs);

    /* The C library: the one most binaries link, with its version if a file
     * name or libc's own banner gives it. */
    int best = -1;
    for (int l = 0; l < LIBC_N; l++)
        if (t->libc_votes[l] && (best < 0 || t->libc_votes[l] > t->libc_votes[best]))
            best = l;
    if (best >= 0) {
        char *ev = fw_xasprintf("%u of %u dynamically linked ELF files load it "
                             "(program interpreter or DT_NEEDED)",
                             t->libc_votes[best], t->elf);
        const char *row2[] = { image, libc_names[best],
                               t->libc_version[best][0] ? t->libc_version[best] : "unknown",
                               ev, t->libc_version_path[best] };
        fw_inventory_add_row(fw_report_inventory(r, "platform",
                                                 "Platform: C library and BusyBox",
                                                 platform_columns), row2);
        free(ev);
    }
    busybox_rows(ctx, t, image);
    int rc = FW_OK;
    if (t->exec_stack) {
        char n[16], of[16];
        snprintf(n, sizeof n, "%u", t->exec_stack);
        snprintf(of, sizeof of, "%u", t->scored);
        fw_strbuf list = FW_STRBUF_INIT;
        for (size_t i = 0; i < t->n_exec_stack_nodes; i++)
            fw_sb_addf(&list, "%s%s", i ? ", " : "", fw_node_syspath(t->exec_stack_nodes[i]));
        const fw_node *first = t->exec_stack_nodes[0];
        char *msg = fw_xasprintf("%u of %u binaries ask for an executable stack (PT_GNU_STACK "
                              "with PF_X): code injected on their stack runs. %s%s",
                              t->exec_stack, t->scored, fw_sb_str(&list),
                              t->exec_stack > EXEC_STACK_LISTED ? ", ..." : "");
        fw_sb_release(&list);
        fw_detail det[] = { { (char *)"binaries", n }, { (char *)"scored_binaries", of },
                            { (char *)"first", (char *)fw_node_syspath(first) } };
        rc = emit(ctx, first, CK_EXEC_STACK, msg, "executable-stack", det, 3);
        free(msg);
    }
    tally_free(t);
    return rc;
}

static int bin_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    (void)ctx;
    (void)err;
    *state = fw_xcalloc(1, sizeof(bin_state));
    return FW_OK;
}

static void bin_fini(void *state)
{
    bin_state *st = state;
    if (st)
        tally_free(&st->t);
    free(st);
}

static int bin_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    bin_state *st = state;
    int rc = flush_ns(ctx, &st->t);
    st->t.ns = ns;
    /* Applets installed: the links that point at busybox (/bin/sh -> busybox). */
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if ((n->type == FW_NODE_SYMLINK || n->type == FW_NODE_HARDLINK) && n->link_target &&
            strcmp(base_name(n->link_target), "busybox") == 0)
            st->t.busybox_links++;
    }
    return rc;
}

static int bin_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                         const fw_blob *blob)
{
    bin_state *st = state;
    ns_tally *t = &st->t;
    if (!fw_elfhdr_magic(blob->data, blob->size))
        return FW_OK;
    fw_elf e;
    fw_error perr;
    int prc = fw_elf_parse(blob->data, blob->size, &e, &perr);
    if (prc != FW_OK) {
        fw_elf_release(&e);
        if (prc == FW_EFORMAT) {
            /* Listed, not an error: the file was read, it is just not an ELF
             * a loader would run (a stub, a damaged copy, a test file), so
             * there is nothing to harden and nothing went unread. */
            char *loc = fw_node_location(node);
            char *kind = fw_xasprintf("malformed ELF: %s", perr.msg);
            const char *row[] = { loc, "-", "-", kind, "-", "-", "-", "-", "-", "-", "-",
                                  "-", "-" };
            fw_inventory_add_row(fw_report_inventory(fw_check_report(ctx), "binaries",
                                                     "ELF binaries and their hardening",
                                                     binaries_columns), row);
            free(kind);
            free(loc);
        }
        return FW_OK;
    }
    if (e.limit_hit)
        fw_check_warn(ctx, node, "ELF tables longer than fwaudit's limits "
                      "(FW_MAX_ELF_*): judged on their first part");
    if (!t->ns)
        t->ns = node->ns;

    char mbuf[24], cls[24], score[8];
    const char *arch = fw_elf_machine_name(e.machine, mbuf, sizeof mbuf);
    snprintf(cls, sizeof cls, "ELF%d %s", e.bits, e.big_endian ? "MSB" : "LSB");
    bin_kind k = kind_of(&e);
    bin_flags f;
    judge_flags(&e, k, &f);
    int libc = libc_of(&e);
    const char *libc_name = libc >= 0 ? libc_names[libc] : (k == K_STATIC ? "static" : "-");
    fw_strbuf rp = FW_STRBUF_INIT;
    if (e.rpath)
        fw_sb_addf(&rp, "RPATH=%s", e.rpath);
    if (e.runpath)
        fw_sb_addf(&rp, "%sRUNPATH=%s", e.rpath ? " " : "", e.runpath);
    if (f.score >= 0)
        snprintf(score, sizeof score, "%d", f.score);
    else
        snprintf(score, sizeof score, "-");

    char *loc = fw_node_location(node);
    const char *row[] = { loc, arch, cls, kind_name(k, node->path), libc_name, f.nx, f.pie,
                          f.relro, f.canary, f.fortify, rp.len ? fw_sb_str(&rp) : "-",
                          f.stripped, score };
    fw_inventory_add_row(fw_report_inventory(fw_check_report(ctx), "binaries",
                                             "ELF binaries and their hardening",
                                             binaries_columns), row);
    free(loc);
    fw_sb_release(&rp);

    /* tallies */
    t->elf++;
    tally_arch(t, arch);
    if (!e.has_symtab)
        t->stripped++;
    if (e.rpath || e.runpath)
        t->rpath++;
    if (libc >= 0)
        t->libc_votes[libc]++;
    if (f.score >= 0) {
        t->scored++;
        t->score_sum += (unsigned long)f.score;
        t->nx += e.exec_stack == FW_TRI_NO;
        t->nx_unknown += e.exec_stack == FW_TRI_UNKNOWN;
        if (e.exec_stack == FW_TRI_YES) {
            t->exec_stack++;
            keep_smallest(t->exec_stack_nodes, &t->n_exec_stack_nodes, node);
        }
        t->pie += k == K_PIE;
        t->relro_full += e.has_relro && e.bind_now;
        t->relro_partial += e.has_relro && !e.bind_now;
        t->canary += e.symbols_read && e.canary;
        t->fortify += e.symbols_read && e.fortify;
    }
    libc_version_from_name(t, node);
    glibc_version_from_text(t, node, blob);
    if (k == K_EXEC || k == K_STATIC || k == K_PIE)
        busybox_facts(t, node, blob);

    int rc = judge_findings(ctx, node, &e, k);
    fw_elf_release(&e);
    return rc;
}

static int bin_finish(fw_check_ctx *ctx, void *state)
{
    bin_state *st = state;
    return flush_ns(ctx, &st->t);
}

const fw_analyzer fw_analyzer_binaries = {
    .name = "binaries",
    .checks = binaries_checks,
    .init = bin_init,
    .fini = bin_fini,
    .scan_ns = bin_scan_ns,
    .scan_file = bin_scan_file,
    .finish = bin_finish,
};
