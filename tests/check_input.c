/* check_input.c: directories and archives into the tree, nested containers,
 * hostile names, damaged input and the limits. Archives are written at test
 * time with libarchive's writer. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"
#include "core/xalloc.h"
#include "input/input.h"
#include "input/format.h"
#include "checks/registry.h"

typedef struct ent {
    const char *path;
    const char *content;    /* regular file content, or NULL */
    size_t size;            /* 0 = strlen(content) */
    const char *symlink;    /* symlink target, or NULL */
} ent;

#define ARCHIVE_CAP (32u << 20)

/* format: "tar", "cpio", "zip"; filter: "gzip", "xz", "none". */
static unsigned char *make_archive(const char *format, const char *filter,
                                   const ent *e, size_t n, size_t *len)
{
    struct archive *a = archive_write_new();
    if (strcmp(format, "tar") == 0) archive_write_set_format_pax_restricted(a);
    else if (strcmp(format, "cpio") == 0) archive_write_set_format_cpio_newc(a);
    else archive_write_set_format_zip(a);
    if (strcmp(filter, "gzip") == 0) archive_write_add_filter_gzip(a);
    else if (strcmp(filter, "xz") == 0) archive_write_add_filter_xz(a);
    unsigned char *buf = fw_xmalloc(ARCHIVE_CAP);
    size_t used = 0;
    ck_assert_int_eq(archive_write_open_memory(a, buf, ARCHIVE_CAP, &used), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e[i].path);
        if (e[i].symlink) {
            archive_entry_set_filetype(ae, AE_IFLNK);
            archive_entry_set_symlink(ae, e[i].symlink);
            archive_entry_set_perm(ae, 0777);
        } else if (e[i].content) {
            size_t sz = e[i].size ? e[i].size : strlen(e[i].content);
            archive_entry_set_filetype(ae, AE_IFREG);
            archive_entry_set_perm(ae, 0644);
            archive_entry_set_size(ae, (la_int64_t)sz);
            ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
            ck_assert_int_eq(archive_write_data(a, e[i].content, sz), (la_ssize_t)sz);
            archive_entry_free(ae);
            continue;
        } else {
            archive_entry_set_filetype(ae, AE_IFDIR);
            archive_entry_set_perm(ae, 0755);
        }
        ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
        archive_entry_free(ae);
    }
    ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    *len = used;
    return buf;
}

static char *write_temp(const void *data, size_t n)
{
    char tmpl[] = "/tmp/fwaudit-input.XXXXXX";
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
    return fw_xstrdup(tmpl);
}

typedef struct loaded {
    fw_tree *tree;
    fw_report *report;
    int rc;
} loaded;

static loaded load_path(const char *path, const fw_limits *lim)
{
    fw_limits def;
    fw_limits_default(&def);
    loaded l = { fw_tree_new(), fw_report_new(), 0 };
    fw_error err = {0};
    l.rc = fw_input_load(path, lim ? lim : &def, l.tree, l.report, &err);
    return l;
}

static loaded load_bytes(const void *data, size_t n, const fw_limits *lim)
{
    char *p = write_temp(data, n);
    loaded l = load_path(p, lim);
    unlink(p);
    free(p);
    return l;
}

static void unload(loaded *l)
{
    fw_tree_free(&l->tree);
    fw_report_free(&l->report);
}

static fw_ns *ns_named(fw_tree *t, const char *chain)
{
    for (size_t i = 0; i < t->ns_count; i++)
        if (strcmp(t->ns[i]->chain, chain) == 0)
            return t->ns[i];
    return NULL;
}

static const char *content_of(fw_ns *ns, const char *path)
{
    fw_node *n = fw_ns_get(ns, path);
    return n && n->data ? (const char *)n->data : NULL;
}

START_TEST(tar_gz_entries_in_memory)
{
    ent e[] = {
        { "etc", NULL, 0, NULL },
        { "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0, NULL },
        { "bin/sh", NULL, 0, "busybox" },
    };
    size_t len;
    unsigned char *a = make_archive("tar", "gzip", e, 3, &len);
    loaded l = load_bytes(a, len, NULL);
    ck_assert_int_eq(l.rc, FW_OK);
    ck_assert_str_eq(l.report->input_kind, "archive");
    ck_assert_int_eq(l.report->incomplete, 0);
    fw_ns *ns = ns_named(l.tree, "");
    ck_assert_ptr_nonnull(ns);
    ck_assert_str_eq(content_of(ns, "/etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    fw_node *sh = fw_ns_get(ns, "/bin/sh");
    ck_assert_int_eq(sh->type, FW_NODE_SYMLINK);
    ck_assert_str_eq(sh->link_target, "busybox");
    ck_assert_int_eq(strlen(l.report->input_sha256), 64);
    ck_assert_uint_eq(l.report->input_size, len);
    unload(&l);
    free(a);
}
END_TEST

/* Large entries of a tar.gz input are not held: they are read again from
 * the archive when opened, in any order (behind the reader: from the
 * front again), with the same bytes; a large entry that is a container is
 * still held and opened; a scan with two jobs finds a secret in one at its
 * line, as with one. */
START_TEST(large_archive_entries_read_on_demand)
{
    enum { BIG = 5, SIZE = 100000 };
    char *body[BIG];
    ent e[BIG + 2];
    char path[BIG][32];
    for (int k = 0; k < BIG; k++) {
        body[k] = fw_xmalloc(SIZE + 1);
        for (int i = 0; i < SIZE; i++)
            body[k][i] = (i + 1) % 50 == 0 ? '\n' : (char)('a' + (i * (k + 3)) % 26);
        body[k][SIZE] = '\0';
        snprintf(path[k], sizeof path[k], "opt/app/big%d.conf", k);
        e[k] = (ent){ path[k], body[k], SIZE, NULL };
    }
    /* a secret on the last line of big3 (line 2001) */
    memcpy(body[3] + SIZE - 32, "\naws = AKIAUJZDEGXDNCF32EPA    \n", 32);
    e[BIG] = (ent){ "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0, NULL };
    /* a large entry that is a tar itself: held and opened */
    ent inner[] = { { "inner/x.conf", body[0], SIZE, NULL } };
    size_t ilen;
    unsigned char *itar = make_archive("tar", "none", inner, 1, &ilen);
    e[BIG + 1] = (ent){ "opt/inner.tar", (const char *)itar, ilen, NULL };
    size_t len;
    unsigned char *a = make_archive("tar", "gzip", e, BIG + 2, &len);
    /* by default a small image is held whole */
    loaded l = load_bytes(a, len, NULL);
    ck_assert_ptr_nonnull(fw_ns_get(ns_named(l.tree, ""), "/opt/app/big0.conf")->data);
    unload(&l);
    /* past lazy_after_bytes, large entries are left in the archive */
    fw_limits lim;
    fw_limits_default(&lim);
    lim.lazy_after_bytes = 0;
    l = load_bytes(a, len, &lim);
    ck_assert_int_eq(l.rc, FW_OK);
    ck_assert_int_eq(l.report->incomplete, 0);
    fw_ns *ns = ns_named(l.tree, "");
    ck_assert_uint_lt(l.tree->bytes_held, 2 * SIZE);   /* inner.tar + small ones */
    static const int order[] = { 4, 0, 2, 1, 3, 3, 0 };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int k = order[i];
        char sys[40];
        snprintf(sys, sizeof sys, "/%s", path[k]);
        fw_node *n = fw_ns_get(ns, sys);
        ck_assert_ptr_nonnull(n);
        ck_assert_ptr_nonnull(n->src);
        ck_assert_ptr_null(n->data);
        fw_blob b;
        fw_error err = {0};
        ck_assert_int_eq(fw_node_open(n, &b, &err), FW_OK);
        ck_assert_uint_eq(b.size, SIZE);
        ck_assert(memcmp(b.data, body[k], SIZE) == 0);
        ck_assert_int_eq(b.data[SIZE], '\0');
        fw_blob_close(&b);
    }
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/opt/inner.tar")->data);
    fw_ns *in = ns_named(l.tree, "/opt/inner.tar");
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(fw_ns_get(in, "/inner/x.conf"));
    fw_ruleset *rs = tu_ruleset_shipped();
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        fw_report *r = fw_report_new();
        fw_check_opts o = { .jobs = jobs };
        fw_error err = {0};
        ck_assert_int_eq(fw_checks_run_opts(rs, l.tree, r, &o, &err), FW_OK);
        ck_assert_uint_eq(tu_count(r, "aws-access-key-id"), 1);
        const fw_finding *f = tu_get(r, "aws-access-key-id", 0);
        ck_assert_str_eq(f->path, "/opt/app/big3.conf");
        ck_assert_uint_eq(f->line, 2001);
        ck_assert_uint_eq(r->n_errors, 0);
        fw_report_free(&r);
    }
    fw_ruleset_free(&rs);
    unload(&l);
    free(a);
    free(itar);
    for (int k = 0; k < BIG; k++)
        free(body[k]);
}
END_TEST

START_TEST(cpio_newc_gz_initramfs)
{
    ent e[] = { { "init", "#!/bin/sh\nexec /sbin/init\n", 0, NULL },
                { "etc/shadow", "root::0:0:99999:7:::\n", 0, NULL } };
    size_t len;
    unsigned char *a = make_archive("cpio", "gzip", e, 2, &len);
    loaded l = load_bytes(a, len, NULL);
    fw_ns *ns = ns_named(l.tree, "");
    ck_assert_str_eq(content_of(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    ck_assert_int_eq(l.report->incomplete, 0);
    unload(&l);
    free(a);
}
END_TEST

START_TEST(zip_and_xz_tar)
{
    ent e[] = { { "config/app.ini", "password=hunter2\n", 0, NULL } };
    size_t len;
    unsigned char *a = make_archive("zip", "none", e, 1, &len);
    loaded l = load_bytes(a, len, NULL);
    ck_assert_str_eq(content_of(ns_named(l.tree, ""), "/config/app.ini"), "password=hunter2\n");
    unload(&l);
    free(a);
    a = make_archive("tar", "xz", e, 1, &len);
    l = load_bytes(a, len, NULL);
    ck_assert_str_eq(content_of(ns_named(l.tree, ""), "/config/app.ini"), "password=hunter2\n");
    unload(&l);
    free(a);
}
END_TEST

START_TEST(nested_archives_get_their_own_namespace)
{
    ent inner[] = { { "etc/backup.conf", "admin_password=x\n", 0, NULL } };
    size_t ilen;
    unsigned char *ia = make_archive("tar", "gzip", inner, 1, &ilen);
    ent outer[] = { { "usr/share/backup.tar.gz", (const char *)ia, ilen, NULL },
                    { "etc/hostname", "router\n", 0, NULL } };
    size_t olen;
    unsigned char *oa = make_archive("tar", "none", outer, 2, &olen);
    loaded l = load_bytes(oa, olen, NULL);
    ck_assert_uint_eq(l.tree->ns_count, 2);
    fw_ns *nested = ns_named(l.tree, "/usr/share/backup.tar.gz");
    ck_assert_ptr_nonnull(nested);
    ck_assert_uint_eq(nested->depth, 1);
    ck_assert_str_eq(content_of(nested, "/etc/backup.conf"), "admin_password=x\n");
    ck_assert(fw_ns_get(ns_named(l.tree, ""), "/usr/share/backup.tar.gz")->is_container);
    ck_assert_uint_eq(l.report->containers, 2);
    unload(&l);
    free(ia);
    free(oa);
}
END_TEST

START_TEST(traversal_names_stay_inside)
{
    ent e[] = { { "../../etc/evil", "x\n", 0, NULL },
                { "/abs/path", "y\n", 0, NULL },
                { "a/../../../b", "z\n", 0, NULL } };
    size_t len;
    unsigned char *a = make_archive("tar", "none", e, 3, &len);
    loaded l = load_bytes(a, len, NULL);
    fw_ns *ns = ns_named(l.tree, "");
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/etc/evil"));
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/abs/path"));
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/b"));
    ck_assert_int_eq(access("/etc/evil", F_OK), -1);
    /* ...and the names that climbed out are reported, the absolute one not */
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_report *r = tu_run_checks(rs, l.tree);
    ck_assert_uint_eq(tu_count(r, "archive-entry-climbs-out"), 2);
    const fw_finding *f = tu_get(r, "archive-entry-climbs-out", 0);
    ck_assert_str_eq(f->path, "/b");
    ck_assert_str_eq(f->excerpt, "a/../../../b");
    ck_assert_str_eq(tu_get(r, "archive-entry-climbs-out", 1)->excerpt, "../../etc/evil");
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    unload(&l);
    free(a);
}
END_TEST

START_TEST(lone_gzip_file_is_decompressed)
{
    /* A gzip stream holding a text file, not an archive. */
    ent e[] = { { "x", "password=Zz9!zz\n", 0, NULL } };
    size_t len;
    unsigned char *tar = make_archive("tar", "none", e, 1, &len);
    free(tar);
    struct archive *a = archive_write_new();
    archive_write_set_format_raw(a);
    archive_write_add_filter_gzip(a);
    unsigned char *buf = fw_xmalloc(1 << 16);
    size_t used = 0;
    archive_write_open_memory(a, buf, 1 << 16, &used);
    struct archive_entry *ae = archive_entry_new();
    archive_entry_set_pathname(ae, "config");
    archive_entry_set_filetype(ae, AE_IFREG);
    archive_entry_set_size(ae, 16);
    archive_write_header(a, ae);
    archive_write_data(a, "password=Zz9!zz\n", 16);
    archive_entry_free(ae);
    archive_write_close(a);
    archive_write_free(a);

    ent outer[] = { { "etc/config.gz", (const char *)buf, used, NULL } };
    unsigned char *oa = make_archive("tar", "none", outer, 1, &len);
    loaded l = load_bytes(oa, len, NULL);
    fw_ns *nested = ns_named(l.tree, "/etc/config.gz");
    ck_assert_ptr_nonnull(nested);
    ck_assert_str_eq(content_of(nested, "/config"), "password=Zz9!zz\n");
    unload(&l);
    free(buf);
    free(oa);
}
END_TEST

START_TEST(truncated_archive_is_reported_incomplete)
{
    ent e[] = { { "etc/a", "aaaa\n", 0, NULL }, { "etc/big", NULL, 0, NULL } };
    char *big = fw_xmalloc(200000);
    memset(big, 'b', 200000);
    big[199999] = '\0';
    e[1].content = big;
    size_t len;
    unsigned char *a = make_archive("tar", "gzip", e, 2, &len);
    loaded l = load_bytes(a, len / 2, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_uint_ge(l.report->n_errors, 1);
    unload(&l);
    free(a);
    free(big);
}
END_TEST

START_TEST(garbage_with_a_magic_is_an_error_not_a_crash)
{
    unsigned char junk[64] = "\x1f\x8b\x08\x00garbage that is not deflate";
    loaded l = load_bytes(junk, sizeof junk, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_ptr_nonnull(strstr(l.report->errors[0].message, "gzip"));
    unload(&l);
}
END_TEST

START_TEST(decompression_bomb_is_stopped)
{
    size_t zeros = 64u << 20;   /* 64 MiB of zeros compress ~1000:1 */
    char *z = fw_xcalloc(1, zeros);
    ent e[] = { { "zero", z, zeros, NULL } };
    size_t len;
    unsigned char *a = make_archive("tar", "gzip", e, 1, &len);
    free(z);
    fw_limits lim;
    fw_limits_default(&lim);
    loaded l = load_bytes(a, len, &lim);
    ck_assert_int_eq(l.report->incomplete, 1);
    int found = 0;
    for (size_t i = 0; i < l.report->n_errors; i++)
        if (strstr(l.report->errors[i].message, "decompression bomb"))
            found = 1;
    ck_assert(found);
    ck_assert_uint_lt(l.tree->bytes_held, 64u << 20);
    unload(&l);
    free(a);
}
END_TEST

START_TEST(nesting_depth_is_bounded)
{
    ent e[] = { { "f", "leaf\n", 0, NULL } };
    size_t len;
    unsigned char *cur = make_archive("tar", "gzip", e, 1, &len);
    for (int i = 0; i < 5; i++) {
        ent w[] = { { "nested.tar.gz", (const char *)cur, len, NULL } };
        size_t nlen;
        unsigned char *next = make_archive("tar", "gzip", w, 1, &nlen);
        free(cur);
        cur = next;
        len = nlen;
    }
    fw_limits lim;
    fw_limits_default(&lim);
    lim.max_depth = 3;
    loaded l = load_bytes(cur, len, &lim);
    ck_assert_uint_eq(l.tree->ns_count, 4);   /* the input + 3 levels */
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_ptr_nonnull(strstr(l.report->errors[0].message, "deeper than 3"));
    unload(&l);
    free(cur);
}
END_TEST

START_TEST(entry_limit)
{
    ent e[] = { { "a", "1", 0, NULL }, { "b", "2", 0, NULL }, { "c", "3", 0, NULL } };
    size_t len;
    unsigned char *a = make_archive("tar", "none", e, 3, &len);
    fw_limits lim;
    fw_limits_default(&lim);
    lim.max_entries = 2;
    loaded l = load_bytes(a, len, &lim);
    ck_assert_uint_eq(l.tree->entries, 2);
    ck_assert_int_eq(l.report->incomplete, 1);
    unload(&l);
    free(a);
}
END_TEST

START_TEST(directory_input_keeps_links_as_data)
{
    char *d = tu_mkdtemp();
    tu_write(d, "etc/shadow", "root::0:0:99999:7:::\n");
    tu_write(d, "usr/bin/app", "binary");
    char *link = fw_xasprintf("%s/etc/passwd", d);
    ck_assert_int_eq(symlink("/etc/passwd", link), 0);   /* must not read the host's file */
    loaded l = load_path(d, NULL);
    ck_assert_str_eq(l.report->input_kind, "directory");
    fw_ns *ns = ns_named(l.tree, "");
    fw_node *sh = fw_ns_get(ns, "/etc/shadow");
    ck_assert_ptr_nonnull(sh);
    ck_assert_ptr_nonnull(sh->disk_path);
    fw_node *pw = fw_ns_get(ns, "/etc/passwd");
    ck_assert_int_eq(pw->type, FW_NODE_SYMLINK);
    ck_assert_ptr_null(fw_ns_resolve(ns, "/etc/passwd"));   /* resolves inside the image only */
    fw_blob b;
    fw_error err = {0};
    ck_assert_int_eq(fw_node_open(sh, &b, &err), FW_OK);
    ck_assert_uint_eq(b.size, 21);
    fw_blob_close(&b);
    unload(&l);
    tu_rmtree(d);
    free(link);
    free(d);
}
END_TEST

START_TEST(missing_input_is_reported)
{
    loaded l = load_path("/nonexistent/firmware.bin", NULL);
    ck_assert_int_ne(l.rc, FW_OK);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_ptr_nonnull(strstr(l.report->errors[0].where, "/nonexistent/firmware.bin"));
    unload(&l);
}
END_TEST

START_TEST(plain_file_is_scanned_as_one_file)
{
    loaded l = load_bytes("just some text\n", 15, NULL);
    ck_assert_str_eq(l.report->input_kind, "file");
    ck_assert_uint_eq(l.tree->ns[0]->count, 1);
    ck_assert_int_eq(l.report->incomplete, 0);
    unload(&l);
}
END_TEST

static const fw_format *sniff(const char *d, size_t n)
{
    return fw_sniff((const unsigned char *)d, n, FW_FORMAT_ARCHIVE);
}

START_TEST(sniff_formats)
{
    ck_assert_ptr_eq(sniff("\x1f\x8b\x08\x00", 4), &fw_fmt_archive_gzip);
    ck_assert_ptr_eq(sniff("\xfd" "7zXZ\0\0", 7), &fw_fmt_archive_xz);
    ck_assert_ptr_eq(sniff("070701000", 9), &fw_fmt_archive_cpio);
    ck_assert_ptr_eq(sniff("PK\x03\x04", 4), &fw_fmt_archive_zip);
    ck_assert_str_eq(sniff("PK\x03\x04", 4)->name, "zip");
    /* "ustar" at 257 without a valid header checksum is not a tar. */
    unsigned char fake[512] = {0};
    memcpy(fake + 257, "ustar\0", 6);
    ck_assert_ptr_null(fw_sniff(fake, sizeof fake, FW_FORMAT_ARCHIVE));
    ck_assert_ptr_null(sniff("#!/bin/sh\n", 10));
}
END_TEST

/* Archives often wrap the root filesystem in a directory ("rootfs/",
 * "squashfs-root/"): rules still see /etc/..., documentation exclusions still
 * hold, also for a compressed file unpacked from under /usr/share/doc. */
START_TEST(rules_see_system_paths_in_a_wrapped_rootfs)
{
    ent inner[] = { { "usr/lib/app/example.conf", "password=Qz81mmW\n", 0, NULL } };
    size_t ilen;
    unsigned char *ia = make_archive("tar", "gzip", inner, 1, &ilen);
    ent e[] = {
        { "rootfs/bin/busybox", "\177ELF", 0, NULL },
        { "rootfs/etc/app.conf", "password=Qz81mmW\n", 0, NULL },
        { "rootfs/usr/share/doc/app/example.conf", "password=Qz81mmW\n", 0, NULL },
        { "rootfs/usr/share/doc/app/examples.tar.gz", (const char *)ia, ilen, NULL },
    };
    size_t len;
    unsigned char *a = make_archive("tar", "xz", e, 4, &len);
    loaded l = load_bytes(a, len, NULL);
    ck_assert_str_eq(l.tree->ns[0]->root, "/rootfs");
    fw_ruleset *rs = tu_ruleset_from(
        "rule conf-password\n"
        "  requires MO.13\n"
        "  severity medium\n"
        "  title    t\n"
        "  fix      f\n"
        "  path     /etc/** /usr/**\n"
        "  not-path /usr/share/doc/**\n"
        "  pattern  password=(\\S+)\n"
        "  secret   1\n"
        "end\n");
    fw_report *r = tu_run_checks(rs, l.tree);
    ck_assert_uint_eq(tu_count(r, "conf-password"), 1);
    /* the location is the device path; the wrapping folder is kept apart */
    ck_assert_str_eq(tu_get(r, "conf-password", 0)->path, "/etc/app.conf");
    ck_assert_str_eq(tu_get(r, "conf-password", 0)->root, "/rootfs");
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    unload(&l);
    free(a);
    free(ia);
}
END_TEST

/* A newc header with a lying name size never reaches libarchive (which
 * would allocate it): the entries before it are read, it is reported at its
 * offset, and the scan is incomplete. */
START_TEST(cpio_lying_name_size_is_refused_at_its_offset)
{
    char buf[1024];
    size_t n = 0;
    /* entry "a" holding "x": header, name "a\0" padded to 4, data padded */
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                          1u, 0100644u, 0u, 0u, 1u, 0u, 1u, 0u, 0u, 0u, 0u, 2u, 0u);
    memcpy(buf + n, "a\0", 2);
    n += 2;               /* 110 + 2 = 112: already a multiple of 4 */
    memcpy(buf + n, "x\0\0\0", 4);
    n += 4;
    size_t bad = n;
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                          2u, 0100644u, 0u, 0u, 1u, 0u, 1u, 0u, 0u, 0u, 0u, 0xBBBBBBBBu, 0u);
    memcpy(buf + n, "zzzz", 4);
    n += 4;
    loaded l = load_bytes(buf, n, NULL);
    ck_assert_str_eq(content_of(ns_named(l.tree, ""), "/a"), "x");
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_uint_eq(l.report->n_errors, 1);
    ck_assert_uint_eq(l.report->errors[0].offset, bad);
    ck_assert_ptr_nonnull(strstr(l.report->errors[0].message, "does not parse"));
    unload(&l);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("input");
    TCase *tc = tcase_create("input");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tar_gz_entries_in_memory);
    tcase_add_test(tc, large_archive_entries_read_on_demand);
    tcase_add_test(tc, cpio_newc_gz_initramfs);
    tcase_add_test(tc, zip_and_xz_tar);
    tcase_add_test(tc, nested_archives_get_their_own_namespace);
    tcase_add_test(tc, traversal_names_stay_inside);
    tcase_add_test(tc, lone_gzip_file_is_decompressed);
    tcase_add_test(tc, truncated_archive_is_reported_incomplete);
    tcase_add_test(tc, garbage_with_a_magic_is_an_error_not_a_crash);
    tcase_add_test(tc, decompression_bomb_is_stopped);
    tcase_add_test(tc, nesting_depth_is_bounded);
    tcase_add_test(tc, entry_limit);
    tcase_add_test(tc, directory_input_keeps_links_as_data);
    tcase_add_test(tc, missing_input_is_reported);
    tcase_add_test(tc, plain_file_is_scanned_as_one_file);
    tcase_add_test(tc, sniff_formats);
    tcase_add_test(tc, rules_see_system_paths_in_a_wrapped_rootfs);
    tcase_add_test(tc, cpio_lying_name_size_is_refused_at_its_offset);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
