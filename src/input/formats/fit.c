/* fit.c: U-Boot FIT images, i.e. flattened device trees (magic 0xd00dfeed)
 * with /images/<name> nodes (description, type, arch, os, compression,
 * data or data-offset/data-size or data-position) and /configurations. The
 * tree is parsed here (a bounded token walk, no libfdt): each image is
 * listed with its hashes and whether it or a configuration carries a
 * signature node (what secure boot verifies: evidence for MO.14 that a
 * check can use), and its data is carved like any range.
 * The kernel command line in /chosen/bootargs (of a FIT or any device tree
 * blob) becomes a small text file "/chosen/bootargs" ("bootargs=...") in a
 * namespace of its own, so rules can judge it like a U-Boot environment
 * (a console on a serial port: MO.1).
 * Bounds: FW_MAX_FDT_ITEMS tokens, FW_MAX_FDT_DEPTH nesting, 64 images;
 * every offset is checked against the blob. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "input/image.h"

#define FDT_MAGIC 0xd00dfeedu
#define FIT_MAX_IMAGES 64

typedef struct fit_image {
    char name[64], type[32], comp[32], hash[64], sig[96];
    uint64_t data_off, data_len;   /* in the blob */
    int has_data;
} fit_image;

typedef struct fit_info {
    fit_image img[FIT_MAX_IMAGES];
    size_t n_img, n_conf, n_conf_signed;
    uint64_t end;                  /* end of the FIT including external data */
    char bootargs[1024];           /* /chosen/bootargs, if any */
    int has_bootargs;
    int damaged;
    char why[128];
} fit_info;

static uint64_t fit_probe(const unsigned char *d, size_t n)
{
    if (n < 40 || fw_be32(d) != FDT_MAGIC)
        return 0;
    uint32_t total = fw_be32(d + 4), st = fw_be32(d + 8), str = fw_be32(d + 12);
    uint32_t ver = fw_be32(d + 20);
    if (total < 40 || st >= total || str > total || ver < 16 || ver > 17)
        return 0;
    return total;
}

static void copy_str(char *dst, size_t cap, const unsigned char *v, size_t len)
{
    size_t k = strnlen((const char *)v, len);
    if (k >= cap)
        k = cap - 1;
    memcpy(dst, v, k);
    dst[k] = '\0';
}

static void parse(const unsigned char *d, size_t n, fit_info *fi)
{
    uint32_t total = fw_be32(d + 4), st = fw_be32(d + 8), str = fw_be32(d + 12);
    uint32_t str_size = fw_be32(d + 32);
    size_t lim = total < n ? total : n;
    if (total > n) {
        fi->damaged = 1;
        snprintf(fi->why, sizeof fi->why, "totalsize %u but only %zu bytes remain", total, n);
    }
    if (str > lim || st > lim) {
        fi->damaged = 1;
        snprintf(fi->why, sizeof fi->why, "strings or structure block outside the blob");
        fi->end = lim;
        return;
    }
    if (str_size > lim - str)
        str_size = (uint32_t)(lim - str);
    fi->end = lim;
    char path[FW_MAX_FDT_DEPTH][64];
    unsigned depth = 0;
    fit_image *cur = NULL;
    size_t pos = st;
    for (unsigned items = 0; items < FW_MAX_FDT_ITEMS; items++) {
        if (pos + 4 > lim) {
            fi->damaged = 1;
            snprintf(fi->why, sizeof fi->why, "structure block ends without FDT_END");
            return;
        }
        uint32_t tok = fw_be32(d + pos);
        pos += 4;
        if (tok == 1) {   /* BEGIN_NODE */
            size_t k = strnlen((const char *)d + pos, lim - pos);
            if (pos + k >= lim || depth >= FW_MAX_FDT_DEPTH) {
                fi->damaged = 1;
                snprintf(fi->why, sizeof fi->why, "node name or nesting out of bounds");
                return;
            }
            copy_str(path[depth], sizeof path[depth], d + pos, k + 1);
            depth++;
            pos = (pos + k + 1 + 3) & ~(size_t)3;
            if (depth == 3 && strcmp(path[1], "images") == 0 && fi->n_img < FIT_MAX_IMAGES) {
                cur = &fi->img[fi->n_img++];
                memset(cur, 0, sizeof *cur);
                snprintf(cur->name, sizeof cur->name, "%s", path[2]);
            }
            if (depth == 3 && strcmp(path[1], "configurations") == 0)
                fi->n_conf++;
            if (depth == 4 && strncmp(path[3], "signature", 9) == 0 &&
                strcmp(path[1], "configurations") == 0)
                fi->n_conf_signed++;
        } else if (tok == 2) {   /* END_NODE */
            if (depth == 0) {
                fi->damaged = 1;
                snprintf(fi->why, sizeof fi->why, "unbalanced end of node");
                return;
            }
            depth--;
            if (depth == 2)
                cur = NULL;
        } else if (tok == 3) {   /* PROP */
            if (pos + 8 > lim) {
                fi->damaged = 1;
                snprintf(fi->why, sizeof fi->why, "property header out of bounds");
                return;
            }
            uint32_t len = fw_be32(d + pos), nameoff = fw_be32(d + pos + 4);
            pos += 8;
            if (len > lim - pos || nameoff >= str_size) {
                fi->damaged = 1;
                snprintf(fi->why, sizeof fi->why, "property out of bounds");
                return;
            }
            const char *pname = (const char *)d + str + nameoff;
            size_t pnl = strnlen(pname, str_size - nameoff);
            const unsigned char *v = d + pos;
            if (depth == 2 && strcmp(path[1], "chosen") == 0 && pnl < str_size - nameoff &&
                strcmp(pname, "bootargs") == 0) {
                copy_str(fi->bootargs, sizeof fi->bootargs, v, len);
                fi->has_bootargs = 1;
            }
            if (cur && pnl < str_size - nameoff) {
                if (depth == 3) {
                    if (strcmp(pname, "type") == 0) copy_str(cur->type, sizeof cur->type, v, len);
                    else if (strcmp(pname, "compression") == 0)
                        copy_str(cur->comp, sizeof cur->comp, v, len);
                    else if (strcmp(pname, "data") == 0) {
                        cur->data_off = pos;
                        cur->data_len = len;
                        cur->has_data = 1;
                    } else if (strcmp(pname, "data-offset") == 0 && len == 4) {
                        cur->data_off = ((uint64_t)total + 3) / 4 * 4 + fw_be32(v);
                        cur->has_data |= 2;
                    } else if (strcmp(pname, "data-position") == 0 && len == 4) {
                        cur->data_off = fw_be32(v);
                        cur->has_data |= 2;
                    } else if (strcmp(pname, "data-size") == 0 && len == 4) {
                        cur->data_len = fw_be32(v);
                        cur->has_data |= 4;
                    }
                } else if (depth == 4 && strcmp(pname, "algo") == 0) {
                    char algo[32];
                    copy_str(algo, sizeof algo, v, len);
                    if (strncmp(path[3], "signature", 9) == 0)
                        snprintf(cur->sig, sizeof cur->sig, "%s", algo);
                    else if (strncmp(path[3], "hash", 4) == 0 && !cur->hash[0])
                        snprintf(cur->hash, sizeof cur->hash, "%s", algo);
                }
            }
            pos = (pos + len + 3) & ~(size_t)3;
        } else if (tok == 4) {   /* NOP */
        } else if (tok == 9) {   /* END */
            return;
        } else {
            fi->damaged = 1;
            snprintf(fi->why, sizeof fi->why, "unknown token 0x%x at 0x%zx", tok, pos - 4);
            return;
        }
    }
    fi->damaged = 1;
    snprintf(fi->why, sizeof fi->why, "more than %d items", FW_MAX_FDT_ITEMS);
}

static uint64_t fit_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    fit_info *fi = fw_xcalloc(1, sizeof *fi);
    parse(d, n, fi);
    /* external data extends the region */
    for (size_t i = 0; i < fi->n_img; i++) {
        fit_image *im = &fi->img[i];
        if (im->has_data & 2) {
            if ((im->has_data & 4) && im->data_off <= n && im->data_len <= n - im->data_off) {
                im->has_data = 1;
                if (im->data_off + im->data_len > fi->end)
                    fi->end = im->data_off + im->data_len;
            } else {
                im->has_data = 0;
                fi->damaged = 1;
                snprintf(fi->why, sizeof fi->why, "image \"%s\": external data outside the blob",
                         im->name);
            }
        }
    }
    size_t signed_img = 0;
    for (size_t i = 0; i < fi->n_img; i++)
        signed_img += fi->img[i].sig[0] != 0;
    const char *kind = fi->n_img || fi->n_conf ? "FIT" : "device tree blob";
    char *detail = fw_xasprintf("%zu images (%zu signed), %zu configurations (%zu signed)%s%s",
                             fi->n_img, signed_img, fi->n_conf, fi->n_conf_signed,
                             fi->damaged ? "; damaged: " : "", fi->damaged ? fi->why : "");
    fw_layout_row(cx, off, fi->end, via, kind, detail, fi->damaged ? "damaged" : "header parsed");
    free(detail);
    if (fi->damaged)
        fw_carve_error(cx, off, 1, "%s damaged: %s", kind, fi->why);
    if (fi->has_bootargs) {
        fw_ns *ns = fw_carve_ns(cx, off, via, "chosen");
        if (ns) {
            char *chain = fw_carve_chain(cx, off, via, "chosen");
            char *text = fw_xasprintf("bootargs=%s\n", fi->bootargs);
            fw_carve_add_file(cx->ld, ns, "/chosen/bootargs", chain, (const unsigned char *)text,
                              strlen(text));
            free(text);
            free(chain);
        }
    }
    char *v = *via ? fw_xasprintf("%s > fit", via) : fw_xstrdup("fit");
    for (size_t i = 0; i < fi->n_img; i++) {
        fit_image *im = &fi->img[i];
        char *idetail = fw_xasprintf("\"%s\": type %s, compression %s, hash %s, signature %s",
                                  im->name, im->type[0] ? im->type : "?",
                                  im->comp[0] ? im->comp : "none",
                                  im->hash[0] ? im->hash : "none",
                                  im->sig[0] ? im->sig : "none");
        fw_layout_row(cx, off + im->data_off, im->data_len, v, "image", idetail,
                      im->has_data ? "listed" : "no data");
        free(idetail);
        if (im->has_data && im->data_len)
            fw_carve_range(cx, d + im->data_off, (size_t)im->data_len, off + im->data_off, v);
    }
    free(v);
    uint64_t end = fi->end;
    free(fi);
    return end;
}

const fw_format fw_fmt_fit = {
    .name = "fit",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\xd0"),   /* FDT magic 0xd00dfeed */
    .probe = fit_probe,
    .open = fit_open,
};
