/* check_core.c: escaping, redaction, paths, lines, digests. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "core/digest.h"
#include "core/elfhdr.h"
#include "core/escape.h"
#include "core/idset.h"
#include "core/textio.h"
#include "tree/tree.h"

START_TEST(escape_control_and_invalid_utf8)
{
    const char in[] = "a\x1b[31mb\nc\xff\xc3\x28\\";
    char *s = fw_escaped(in, sizeof in - 1);
    ck_assert_str_eq(s, "a\\x1b[31mb\\nc\\xff\\xc3(\\\\");
    free(s);
}
END_TEST

START_TEST(escape_keeps_valid_utf8)
{
    const char *in = "/etc/設定.conf";
    char *s = fw_escaped(in, strlen(in));
    ck_assert_str_eq(s, in);
    free(s);
    /* C1 control U+009B (CSI) is a terminal escape: escaped. */
    s = fw_escaped("\xc2\x9b", 2);
    ck_assert_str_eq(s, "\\xc2\\x9b");
    free(s);
}
END_TEST

START_TEST(redact_hides_most_of_a_secret)
{
    char *s = fw_redact("hunter2password", 15);
    ck_assert_str_eq(s, "hunt…********");
    ck_assert_ptr_null(strstr(s, "hunter2"));
    free(s);
    s = fw_redact("admin", 5);
    ck_assert_ptr_null(strstr(s, "admin"));
    free(s);
}
END_TEST

START_TEST(excerpt_redacts_only_the_secret)
{
    const char *line = "password=Cl0udAgentPw # set at factory";
    char *s = fw_excerpt_redacted(line, strlen(line), 9, 21);
    ck_assert_ptr_nonnull(strstr(s, "password=Cl0u…"));
    ck_assert_ptr_null(strstr(s, "Cl0udAgentPw"));
    ck_assert_ptr_nonnull(strstr(s, "# set at factory"));
    free(s);
}
END_TEST

START_TEST(path_normalize_folds_traversal)
{
    struct { const char *in, *out; } cases[] = {
        { "etc/passwd", "/etc/passwd" },
        { "./etc//shadow", "/etc/shadow" },
        { "../../etc/x", "/etc/x" },
        { "/a/b/../../../c", "/c" },
        { "a/./b/", "/a/b" },
        { "", "/" },
        { "..", "/" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = fw_path_normalize(cases[i].in);
        ck_assert_str_eq(s, cases[i].out);
        free(s);
    }
    char *long_path = malloc(5000);
    memset(long_path, 'a', 4999);
    long_path[4999] = '\0';
    ck_assert_ptr_null(fw_path_normalize(long_path));
    free(long_path);
}
END_TEST

START_TEST(link_join)
{
    char *s = fw_path_join_link("/etc/passwd", "/tmp/passwd");
    ck_assert_str_eq(s, "/tmp/passwd");
    free(s);
    s = fw_path_join_link("/bin/sh", "busybox");
    ck_assert_str_eq(s, "/bin/busybox");
    free(s);
    s = fw_path_join_link("/usr/lib/libx.so", "../../../../lib/liby.so");
    ck_assert_str_eq(s, "/lib/liby.so");
    free(s);
}
END_TEST

START_TEST(lines_with_numbers_and_crlf)
{
    const char *text = "one\r\ntwo\n\nfour";
    fw_line_iter it;
    fw_line l;
    fw_lines_init(&it, text, strlen(text));
    ck_assert(fw_lines_next(&it, &l));
    ck_assert_uint_eq(l.len, 3);
    ck_assert_uint_eq(l.lineno, 1);
    ck_assert(fw_lines_next(&it, &l));
    ck_assert(strncmp(l.s, "two", l.len) == 0);
    ck_assert_uint_eq(l.offset, 5);
    ck_assert(fw_lines_next(&it, &l));
    ck_assert_uint_eq(l.len, 0);
    ck_assert(fw_lines_next(&it, &l));
    ck_assert_uint_eq(l.lineno, 4);
    ck_assert(strncmp(l.s, "four", l.len) == 0);
    ck_assert(!fw_lines_next(&it, &l));
}
END_TEST

START_TEST(split_fields)
{
    const char *f[7];
    size_t len[7];
    const char *s = "root::0:0:99999:7:::";
    size_t n = fw_split(s, strlen(s), ':', f, len, 7);
    ck_assert_uint_eq(n, 9);
    ck_assert_uint_eq(len[1], 0);
    ck_assert(strncmp(f[4], "99999", len[4]) == 0);
}
END_TEST

START_TEST(sha256_known_vector)
{
    char hex[65];
    fw_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

/* Loop checks in file-system readers rest on this: every id inserted is
 * found again (0 included), others are not, across growth. */
START_TEST(idset_remembers_every_id)
{
    fw_idset s = {0};
    ck_assert_int_eq(fw_idset_add(&s, 0), 1);
    ck_assert_int_eq(fw_idset_add(&s, 0), 0);
    for (uint64_t i = 1; i < 5000; i++)
        ck_assert_int_eq(fw_idset_add(&s, i * 4096), 1);
    ck_assert_uint_eq(s.count, 5000);
    for (uint64_t i = 1; i < 5000; i++) {
        ck_assert(fw_idset_has(&s, i * 4096));
        ck_assert(!fw_idset_has(&s, i * 4096 + 1));
        ck_assert_int_eq(fw_idset_add(&s, i * 4096), 0);
    }
    fw_idset_release(&s);
    ck_assert(!fw_idset_has(&s, 0));
}
END_TEST

/* The ELF header both ELF readers start from (binaries analyzer, kernel
 * carver): fields in either byte order, each malformed identification
 * named, and program headers checked against the bytes present. */
START_TEST(elfhdr_reads_both_byte_orders_and_bounds)
{
    unsigned char d[52 + 2 * 32] = {0};
    memcpy(d, "\x7f" "ELF\x01\x02\x01", 7);     /* ELF32, big-endian, version 1 */
    d[17] = 2;                                    /* e_type EXEC */
    d[19] = 8;                                    /* e_machine MIPS */
    d[27] = 0x40;                                 /* e_entry 0x40 */
    d[31] = 52;                                   /* e_phoff */
    d[43] = 32;                                   /* e_phentsize */
    d[45] = 2;                                    /* e_phnum */
    d[52 + 3] = 1;                                /* phdr 0: PT_LOAD */
    d[52 + 19] = 0x10;                            /*   p_filesz 0x10 */
    fw_elfhdr h;
    fw_error err;
    ck_assert_int_eq(fw_elfhdr_read(d, sizeof d, &h, &err), FW_OK);
    ck_assert_int_eq(h.is64, 0);
    ck_assert_int_eq(h.be, 1);
    ck_assert_uint_eq(h.version, 1);
    ck_assert_uint_eq(h.type, FW_ELF_ET_EXEC);
    ck_assert_uint_eq(h.machine, 8);
    ck_assert_uint_eq(h.entry, 0x40);
    ck_assert_uint_eq(h.phoff, 52);
    ck_assert_uint_eq(fw_elfhdr_phdr_size(&h), 32);
    ck_assert(fw_elfhdr_phdrs_fit(&h, sizeof d, 2));
    ck_assert(!fw_elfhdr_phdrs_fit(&h, sizeof d - 1, 2));
    fw_elfphdr p;
    fw_elfhdr_phdr(&h, d, 0, &p);
    ck_assert_uint_eq(p.type, 1);
    ck_assert_uint_eq(p.filesz, 0x10);
    /* phoff beyond the buffer: no overflow, does not fit */
    d[28] = 0xff;
    ck_assert_int_eq(fw_elfhdr_read(d, sizeof d, &h, &err), FW_OK);
    ck_assert(!fw_elfhdr_phdrs_fit(&h, sizeof d, 1));
    ck_assert_int_eq(fw_elfhdr_read(d, 51, &h, &err), FW_EFORMAT);
    ck_assert_str_eq(err.msg, "ELF header is truncated");
    d[5] = 3;
    ck_assert_int_eq(fw_elfhdr_read(d, sizeof d, &h, &err), FW_EFORMAT);
    ck_assert_str_eq(err.msg, "unknown ELF byte order");
    d[4] = 0;
    ck_assert_int_eq(fw_elfhdr_read(d, sizeof d, &h, &err), FW_EFORMAT);
    ck_assert_str_eq(err.msg, "unknown ELF class");
    ck_assert_int_eq(fw_elfhdr_read(d, 15, &h, NULL), FW_EFORMAT);
    ck_assert_int_eq(fw_elfhdr_read((const unsigned char *)"\x7f" "ELX", 4, &h, NULL),
                     FW_ENOTFOUND);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, escape_control_and_invalid_utf8);
    tcase_add_test(tc, escape_keeps_valid_utf8);
    tcase_add_test(tc, redact_hides_most_of_a_secret);
    tcase_add_test(tc, excerpt_redacts_only_the_secret);
    tcase_add_test(tc, path_normalize_folds_traversal);
    tcase_add_test(tc, link_join);
    tcase_add_test(tc, lines_with_numbers_and_crlf);
    tcase_add_test(tc, split_fields);
    tcase_add_test(tc, sha256_known_vector);
    tcase_add_test(tc, idset_remembers_every_id);
    tcase_add_test(tc, elfhdr_reads_both_byte_orders_and_bounds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
