/* conf_samba.c: Samba's smb.conf (conf_int.h). Per share: guest access
 * (guest ok / public), guest access with write (writable / writeable /
 * write ok = yes, read only = no), a share of / or /etc; globally: share
 * level security, and "map to guest = bad user" with user shares open to
 * guests. [global] values are the defaults of every share; printer shares
 * (printable = yes) are not file shares and are skipped. */
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "core/xalloc.h"

typedef struct smb_val {
    int val;          /* -1 = not set */
    uint64_t line;
    char *ex;
} smb_val;

typedef struct smb_share {
    char *name;
    smb_val guest, write, printable;
    uint64_t path_line;
    char *path_ex, *path;
} smb_share;

static void val_set(smb_val *v, int b, const fw_line *ln)
{
    v->val = b;
    v->line = ln->lineno;
    free(v->ex);
    v->ex = fw_xstrndup(ln->s, ln->len);
}

static void share_release(smb_share *s)
{
    free(s->name);
    free(s->guest.ex);
    free(s->write.ex);
    free(s->printable.ex);
    free(s->path_ex);
    free(s->path);
    memset(s, 0, sizeof *s);
    s->guest.val = s->write.val = s->printable.val = -1;
}

/* Samba's key names ignore case, blanks and underscores: "guest ok", "guestok". */
static int key_is(const char *k, size_t kl, const char *want)
{
    size_t i = 0, w = 0, wl = strlen(want);
    for (;;) {
        while (i < kl && (k[i] == ' ' || k[i] == '\t' || k[i] == '_'))
            i++;
        while (w < wl && want[w] == ' ')
            w++;
        if (i == kl || w == wl)
            return i == kl && w == wl;
        char a = k[i], b = want[w];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
        i++, w++;
    }
}

static int system_dir(const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    return (n == 1 && p[0] == '/') || (n == 4 && strncmp(p, "/etc", 4) == 0);
}

static void judge_share(const fw_conf_job *j, const smb_share *gl, const smb_share *s)
{
    if (!s->name || key_is(s->name, strlen(s->name), "global"))
        return;
    int printable = s->printable.val == 1;
    if (printable)
        return;
    const smb_val *guest = s->guest.val != -1 ? &s->guest : &gl->guest;
    const smb_val *write = s->write.val != -1 ? &s->write : &gl->write;
    if (guest->val == 1 && write->val == 1)
        fw_conf_emit(j, FW_CONF_CK_SMB_GUEST_WRITE, NULL, write->line, write->ex, s->name,
                     "Samba share [%s] is writable by guests, without a password (%s)",
                     s->name, guest == &gl->guest ? "guest access from [global]" : "guest ok");
    else if (guest->val == 1)
        fw_conf_emit(j, FW_CONF_CK_SMB_GUEST, NULL, guest->line, guest->ex, s->name,
                     "Samba share [%s] is open to guests, without a password", s->name);
    if (s->path && system_dir(s->path))
        fw_conf_emit(j, FW_CONF_CK_SMB_SYSPATH, NULL, s->path_line, s->path_ex, s->name,
                     "Samba share [%s] exports %s%s", s->name, s->path,
                     write->val == 1 ? ", writable" : "");
}

static void samba_judge(const fw_conf_job *j)
{
    smb_share gl, cur;
    memset(&gl, 0, sizeof gl);
    memset(&cur, 0, sizeof cur);
    share_release(&gl);
    share_release(&cur);
    gl.name = fw_xstrdup("global");
    smb_share *at = &gl;
    smb_val bad_user = { -1, 0, NULL }, us_guests = { -1, 0, NULL };
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        if (fw_conf_is_comment(&ln, "#;"))
            continue;
        const char *s = ln.s;
        size_t n = ln.len;
        fw_conf_trim(&s, &n);
        if (s[0] == '[') {
            const char *e = memchr(s, ']', n);
            if (!e)
                continue;
            if (at == &cur)
                judge_share(j, &gl, &cur);
            share_release(&cur);
            cur.name = fw_xstrndup(s + 1, (size_t)(e - s - 1));
            at = key_is(cur.name, strlen(cur.name), "global") ? &gl : &cur;
            continue;
        }
        const char *k, *v;
        size_t kl, vl;
        if (!fw_conf_kv(&ln, "=", &k, &kl, &v, &vl))
            continue;
        int b = fw_conf_bool(v, vl);
        if (key_is(k, kl, "guest ok") || key_is(k, kl, "public")) {
            if (b != -1)
                val_set(&at->guest, b, &ln);
        } else if (key_is(k, kl, "writable") || key_is(k, kl, "writeable") ||
                   key_is(k, kl, "write ok")) {
            if (b != -1)
                val_set(&at->write, b, &ln);
        } else if (key_is(k, kl, "read only")) {
            if (b != -1)
                val_set(&at->write, !b, &ln);
        } else if (key_is(k, kl, "printable") || key_is(k, kl, "print ok")) {
            if (b != -1)
                val_set(&at->printable, b, &ln);
        } else if (key_is(k, kl, "path") || key_is(k, kl, "directory")) {
            free(at->path);
            free(at->path_ex);
            at->path = fw_xstrndup(v, vl);
            at->path_ex = fw_xstrndup(ln.s, ln.len);
            at->path_line = ln.lineno;
        } else if (at == &gl && key_is(k, kl, "security")) {
            if (fw_conf_eq(v, vl, "share")) {
                char *ex = fw_xstrndup(ln.s, ln.len);
                fw_conf_emit(j, FW_CONF_CK_SMB_SHARE_SEC, NULL, ln.lineno, ex, "security=share",
                             "Samba uses share-level security: shares are protected by at "
                             "most one shared password, not per user");
                free(ex);
            }
        } else if (at == &gl && key_is(k, kl, "map to guest")) {
            val_set(&bad_user, fw_conf_eq(v, vl, "bad user") || fw_conf_eq(v, vl, "bad uid"),
                    &ln);
        } else if (at == &gl && key_is(k, kl, "usershare allow guests")) {
            if (b != -1)
                val_set(&us_guests, b, &ln);
        }
    }
    if (at == &cur)
        judge_share(j, &gl, &cur);
    if (bad_user.val == 1 && us_guests.val == 1)
        fw_conf_emit(j, FW_CONF_CK_SMB_BAD_USER, NULL, bad_user.line, bad_user.ex,
                     "map to guest", "Samba logs any unknown user name in as guest (map to "
                     "guest = bad user) and lets user shares allow guests (line %llu)",
                     (unsigned long long)us_guests.line);
    free(bad_user.ex);
    free(us_guests.ex);
    share_release(&cur);
    share_release(&gl);
}

static const char *const smb_daemons[] = { "smbd", "/usr/local/samba/sbin/smbd", NULL };
static const char *const smb_paths[] = { "/etc/samba/smb.conf", "/etc/smb.conf",
                                         "/usr/local/samba/lib/smb.conf", NULL };
static const char *const smb_opts[] = { "-s", "--configfile", "--configfile=", NULL };
const fw_conf_family fw_conf_samba = {
    .name = "smbd", .daemons = smb_daemons, .paths = smb_paths, .cfg_opts = smb_opts,
    .judge = samba_judge,
};
