/* keys_image.c: the keys checks that need the whole image, run by the
 * analyzer's finish hook once every file was seen:
 *   private-key-in-several-files  the same public key in two or more files
 *   ca-private-key                a CA certificate's private key (which CA
 *                                 a key belongs to; keys_report.c reports it)
 * Both compare what keys.c remembered (fw_key_rec, fw_ca_rec); no file is read.
 * Keys with a role (a library's test vector, a documentation example, a host
 * key made at first boot) are not the device's secrets: not compared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "checks/keys/keys_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static int cmp_key_hash(const void *a, const void *b)
{
    const fw_key_rec *const *x = a, *const *y = b;
    int c = strcmp((*x)->hash, (*y)->hash);
    if (c)
        return c;
    return (*x < *y) ? -1 : (*x > *y);   /* scan order within a key */
}

static int emit_at_key(fw_check_ctx *ctx, fw_keys_state *st, const fw_key_rec *k, const char *check,
                       const char *msg, const fw_detail_set *ds)
{
    fw_keys_file kf = { .ctx = ctx, .st = st, .node = k->node };
    fw_found_at at = { .offset = k->offset, .line = k->line, .excerpt = NULL,
                    .format = k->format };
    return fw_keys_emit(&kf, check, &at, msg, k->hash, ds);
}

/* The same key in more than one file: one finding per key, at its first
 * file, naming the others. */
int fw_keys_check_shared(fw_check_ctx *ctx, fw_keys_state *st)
{
    int rc = FW_OK;
    fw_key_rec **v = fw_xcalloc(st->n_keys ? st->n_keys : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < st->n_keys; i++)
        if (!st->objs[st->keys[i].obj].role)
            v[n++] = &st->keys[i];
    qsort(v, n, sizeof *v, cmp_key_hash);
    for (size_t i = 0; i < n && rc == FW_OK;) {
        size_t j = i + 1, files = 1;
        fw_strbuf where = FW_STRBUF_INIT;
        char *first = fw_node_location(v[i]->node);
        fw_sb_adds(&where, first);
        free(first);
        for (; j < n && strcmp(v[j]->hash, v[i]->hash) == 0; j++) {
            int seen = 0;
            for (size_t k = i; k < j && !seen; k++)
                seen = v[k]->node == v[j]->node;
            if (seen)
                continue;
            files++;
            if (files <= 10) {
                char *loc = fw_node_location(v[j]->node);
                fw_sb_addf(&where, ", %s", loc);
                free(loc);
            }
        }
        if (files > 1) {
            if (files > 10)
                fw_sb_addf(&where, " and %zu more", files - 10);
            fw_detail_set ds = {0};
            fw_keys_det_add(&ds, "key_type", v[i]->type);
            if (v[i]->bits > 0)
                fw_keys_det_add_int(&ds, "bits", v[i]->bits);
            fw_keys_det_add(&ds, v[i]->spki ? "public_key_sha256" : "ssh_public_key_sha256",
                         v[i]->hash);
            fw_keys_det_add_int(&ds, "files", (int)files);
            fw_keys_det_add(&ds, "found_in", fw_sb_str(&where));
            char *msg = fw_xasprintf("The same %s private key is stored in %zu files: %s",
                                  v[i]->type, files, fw_sb_str(&where));
            rc = emit_at_key(ctx, st, v[i], CK_SHARED, msg, &ds);
            free(msg);
            fw_keys_det_release(&ds);
        }
        fw_sb_release(&where);
        i = j;
    }
    free(v);
    return rc;
}

/* "ca.key" and "ca.crt", "cakey.pem" and "cacert.pem": the file name
 * without extension and without a key/cert/crt word at its end. */
static void stem(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, size, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = '\0';
    static const char *const words[] = { "-key", "_key", "key", "-cert", "_cert", "cert",
                                         "-crt", "_crt", "crt" };
    size_t n = strlen(out);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t k = strlen(words[i]);
        if (n > k && strcasecmp(out + n - k, words[i]) == 0) {
            out[n - k] = '\0';
            return;
        }
    }
}

static int same_dir(const char *a, const char *b)
{
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    return sa && sb && sa - a == sb - b && memcmp(a, b, (size_t)(sa - a)) == 0;
}

/* A self-signed CA:TRUE certificate without keyUsage is a CA when it
 * issued another certificate seen in the image. */
void fw_keys_confirm_cas(fw_keys_state *st)
{
    for (size_t c = 0; c < st->n_cas; c++)
        for (size_t i = 0; i < st->n_issuers && !st->cas[c].sure; i++)
            if (strcmp(st->issuers[i], st->cas[c].subject) == 0)
                st->cas[c].sure = 1;
}

const fw_ca_rec *fw_keys_ca_of(const fw_keys_state *st, const fw_node *node, const char *hash,
                               int spki, const char **how)
{
    for (size_t c = 0; c < st->n_cas; c++)
        if (st->cas[c].sure && spki && strcmp(st->cas[c].spki, hash) == 0) {
            *how = "its public key is the CA certificate's";
            return &st->cas[c];
        }
    for (size_t c = 0; c < st->n_cas; c++) {
        const fw_ca_rec *ca = &st->cas[c];
        char ks[256], cs[256];
        if (!ca->sure || ca->node == node || ca->node->ns != node->ns ||
            !same_dir(ca->node->path, node->path))
            continue;
        stem(node->path, ks, sizeof ks);
        stem(ca->node->path, cs, sizeof cs);
        if (ks[0] && strcmp(ks, cs) == 0) {
            *how = "it is stored next to the CA certificate under the same name";
            return ca;
        }
    }
    return NULL;
}
