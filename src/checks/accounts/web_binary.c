/* web_binary.c: the "web-binary" analyzer: a web admin login compiled
 * into the web server program (TP-Link's httpd carries "username",
 * "password", "admin", "admin" as its factory account).
 *
 * Check (rules/credentials.rules):
 *   web-binary-default-login  a published (user, password) pair of the
 *                   accounts default list as two NUL-terminated strings at
 *                   most FW_WEB_PAIR_GAP strings apart, with a login marker
 *                   ("password", "username", "login", "realm",
 *                   "authorization") among the FW_WEB_MARKER_WINDOW
 *                   strings before the user name
 *
 * Conservative on purpose: only ELF files that are web servers (named
 * httpd, lighttpd, boa, goahead, mini_httpd, uhttpd, thttpd, webs, or
 * holding both "HTTP/1." and "WWW-Authenticate"), only exact strings, only
 * pairs the list publishes for that very user name (not its "any user" or
 * blank-user entries), never a marker word as user or password (so the
 * admin/password default is not seen here), and a user name alone is nothing. Strings read are
 * bounded by FW_MAX_WEB_BIN_STRINGS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "checks/accounts/creds.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define CK_LOGIN "web-binary-default-login"

#define FW_WEB_PAIR_GAP        3       /* strings from user to password */
#define FW_WEB_MARKER_WINDOW   8       /* strings before the user name */
#define FW_MAX_WEB_BIN_STRINGS 500000  /* strings of one binary looked at */
#define FW_WEB_MIN_STRING      3
#define FW_WEB_MAX_STRING      64      /* longer: not a login */

static const char *const wb_checks[] = { CK_LOGIN, NULL };

typedef struct wb_state {
    fw_cracker *list;
} wb_state;

typedef struct wb_str {
    const char *s;
    size_t n;
    uint64_t off;
} wb_str;

static int named_web_server(const fw_node *node)
{
    static const char *const names[] = { "httpd", "lighttpd", "boa", "goahead", "mini_httpd",
                                         "uhttpd", "thttpd", "webs", NULL };
    const char *p = fw_node_syspath(node);
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(base, names[i]) == 0)
            return 1;
    return 0;
}

static int has(const fw_blob *b, const char *s)
{
    return memmem(b->data, b->size, s, strlen(s)) != NULL;
}

static int is_marker(const wb_str *x)
{
    static const char *const m[] = { "password", "username", "login", "realm", "authorization",
                                     NULL };
    char buf[FW_WEB_MAX_STRING + 1];
    memcpy(buf, x->s, x->n);
    buf[x->n] = '\0';
    for (size_t i = 0; m[i]; i++)
        if (strcasestr(buf, m[i]))
            return 1;
    return 0;
}

static int report(fw_check_ctx *ctx, wb_state *st, const fw_node *node, const wb_str *ring,
                  size_t first, size_t ui, size_t pi, const fw_default_match *dm)
{
    /* Evidence: the strings from the marker window to the password, " | "
     * between them, the password redacted. */
    fw_strbuf sb = FW_STRBUF_INIT;
    size_t sec_s = 0, sec_e = 0;
    for (size_t i = first; i <= pi; i++) {
        const wb_str *x = &ring[i % (FW_WEB_MARKER_WINDOW + FW_WEB_PAIR_GAP + 1)];
        if (i > first)
            fw_sb_adds(&sb, " | ");
        if (i == pi)
            sec_s = sb.len;
        fw_sb_add(&sb, x->s, x->n);
        if (i == pi)
            sec_e = sb.len;
    }
    const size_t R = FW_WEB_MARKER_WINDOW + FW_WEB_PAIR_GAP + 1;
    const wb_str *u = &ring[ui % R], *p = &ring[pi % R];
    fw_cred c = {
        .node = node, .line = 0, .offset = u->off,
        .text = fw_sb_str(&sb), .text_len = sb.len, .sec_s = sec_s, .sec_e = sec_e,
        .user = u->s, .user_len = u->n, .store = "web server binary",
        .password = p->s, .pw_len = p->n, .dm = *dm,
    };
    char *msg = fw_xasprintf("The web server carries the published default login '%.*s' / "
                             "'%.*s' next to its login strings.", (int)u->n, u->s,
                             (int)p->n, p->s);
    int rc = fw_cred_emit(ctx, CK_LOGIN, &c, msg, -1);
    free(msg);
    fw_sb_release(&sb);
    (void)st;
    return rc;
}

static int wb_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node, const fw_blob *blob)
{
    wb_state *st = state;
    if (!st->list || blob->size < 64 || memcmp(blob->data, "\x7f" "ELF", 4) != 0)
        return FW_OK;
    if (!named_web_server(node) && !(has(blob, "HTTP/1.") && has(blob, "WWW-Authenticate")))
        return FW_OK;
    const size_t R = FW_WEB_MARKER_WINDOW + FW_WEB_PAIR_GAP + 1;
    wb_str ring[FW_WEB_MARKER_WINDOW + FW_WEB_PAIR_GAP + 1];
    size_t n = 0;   /* strings seen */
    const unsigned char *d = blob->data;
    size_t i = 0;
    int rc = FW_OK;
    while (i < blob->size && rc == FW_OK && n < FW_MAX_WEB_BIN_STRINGS) {
        size_t s = i;
        while (i < blob->size && d[i] >= 0x20 && d[i] <= 0x7e)
            i++;
        size_t len = i - s;
        int terminated = i < blob->size && d[i] == '\0';
        i++;
        if (!terminated || len < FW_WEB_MIN_STRING || len > FW_WEB_MAX_STRING)
            continue;
        wb_str *cur = &ring[n % R];
        *cur = (wb_str){ (const char *)d + s, len, s };
        /* cur as the password of a user among the FW_WEB_PAIR_GAP before */
        for (size_t back = 1; back <= FW_WEB_PAIR_GAP && back <= n; back++) {
            const wb_str *u = &ring[(n - back) % R];
            fw_default_match dm = fw_cracker_known(st->list, u->s, u->n, cur->s, cur->n);
            /* the list's own user for this pair, not its "any user" */
            if (!dm.pair || u->n == 0)
                continue;
            /* "username" / "password" are the form's field names, not a
             * login (though Geeklog's list publishes that very pair); so a
             * default that is a marker word ("password") is missed here. */
            if (is_marker(u) || is_marker(cur))
                continue;
            fw_default_match exact = dm;
            size_t ui = n - back;
            size_t first = ui >= FW_WEB_MARKER_WINDOW ? ui - FW_WEB_MARKER_WINDOW : 0;
            int marker = 0;
            for (size_t k = first; k < ui && !marker; k++)
                marker = is_marker(&ring[k % R]);
            if (!marker)
                continue;
            rc = report(ctx, st, node, ring, first, ui, n, &exact);
            break;
        }
        n++;
    }
    return rc;
}

static int wb_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    wb_state *st = fw_xcalloc(1, sizeof *st);
    int rc = fw_creds_list_load(ctx, wb_checks, &st->list, err);
    if (rc != FW_OK) {
        free(st);
        return rc;
    }
    *state = st;
    return FW_OK;
}

static void wb_fini(void *state)
{
    wb_state *st = state;
    if (!st)
        return;
    fw_cracker_free(&st->list);
    free(st);
}

const fw_analyzer fw_analyzer_web_binary = {
    .name = "web-binary",
    .checks = wb_checks,
    .init = wb_init,
    .fini = wb_fini,
    .scan_file = wb_scan_file,
};
