/* creds.c: the list and the finding the credential-store analyzers share
 * (creds.h). */
#include <stdlib.h>
#include <string.h>
#include "checks/accounts/creds.h"
#include "core/escape.h"
#include "core/xalloc.h"

int fw_creds_list_load(fw_check_ctx *ctx, const char *const *checks, fw_cracker **out,
                       fw_error *err)
{
    *out = NULL;
    for (size_t i = 0; checks[i]; i++) {
        const fw_rule *r = fw_check_rule(ctx, checks[i]);
        if (r && fw_rule_param(r, "wordlist"))
            return fw_cracker_new(out, r, err);
    }
    return FW_OK;
}

int fw_creds_printable(const unsigned char *s, size_t n, size_t min)
{
    if (n < min)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return 0;
    return 1;
}

#define CRED_DETAILS 6

int fw_cred_emit(fw_check_ctx *ctx, const char *check, const fw_cred *c, const char *message,
                 int severity)
{
    fw_detail d[CRED_DETAILS];
    size_t nd = 0;
    char *vals[CRED_DETAILS] = { 0 };
#define ADD(k, v) do { d[nd].key = (char *)(k); vals[nd] = (v); d[nd].value = vals[nd]; nd++; } while (0)
    if (c->user)
        ADD("user", fw_escaped(c->user, c->user_len));
    ADD("store", fw_xstrdup(c->store));
    if (c->encoding)
        ADD("encoding", fw_xstrdup(c->encoding));
    ADD("published_default", fw_xstrdup(c->dm.known ? (c->dm.pair ? "yes (user and password)"
                                                                  : "yes (password)") : "no"));
    if (c->dm.known)
        ADD("matched_password", fw_escaped(c->password, c->pw_len));
    if (c->dm.vendors)
        ADD("published_by", fw_xstrdup(c->dm.vendors));
#undef ADD
    char *excerpt = c->text ? fw_excerpt_redacted(c->text, c->text_len, c->sec_s, c->sec_e) : NULL;
    char *identity = fw_xasprintf("%s:%.*s:%.*s", c->store, c->user ? (int)c->user_len : 0,
                                  c->user ? c->user : "", (int)c->pw_len, c->password);
    fw_hit hit = {
        .check = check,
        .node = c->node,
        .line = c->line,
        .offset = c->offset,
        .message = message,
        .excerpt = excerpt,
        .identity = identity,
        .severity = severity,
        .details = d,
        .n_details = nd,
    };
    int rc = fw_check_emit(ctx, &hit);
    free(excerpt);
    free(identity);
    for (size_t i = 0; i < nd; i++)
        free(vals[i]);
    return rc;
}
