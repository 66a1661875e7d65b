/* sqfs_compat.c: squashfs block decompressors libsquashfs lacks, plugged in
 * through its sqfs_compressor_t interface (decompression only):
 *  - LZO (id 3), when libsquashfs was built without it (Debian's is), via
 *    liblzo2's lzo1x_decompress_safe;
 *  - the LZMA variant of TP-Link/Atheros SDK images (id 2): each block
 *    starts with the 5-byte LZMA properties+dictionary header but not the
 *    8-byte size that the standard ("lzma_alone") format has. Blocks in the
 *    standard format are decoded as such; only those the standard decoder
 *    rejects are tried as the variant, and the reader says which was seen.
 * Output is bounded by the block size libsquashfs passes (outsize). */
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <sqfs/compressor.h>
#include <sqfs/error.h>
#include <sqfs/super.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/formats/sqfs_compat.h"

typedef struct compat {
    sqfs_compressor_t cmp;
    SQFS_COMPRESSOR id;
    size_t block_size;
    unsigned variant_blocks;   /* lzma blocks decoded as the TP-Link variant */
} compat;

static void c_destroy(sqfs_object_t *o) { free(o); }
static sqfs_object_t *c_copy(const sqfs_object_t *o) { return NULL; }

static void c_get_config(const sqfs_compressor_t *cmp, sqfs_compressor_config_t *cfg)
{
    const compat *c = (const compat *)cmp;
    memset(cfg, 0, sizeof *cfg);
    cfg->id = (sqfs_u16)c->id;
    cfg->block_size = (sqfs_u32)c->block_size;
    cfg->flags = SQFS_COMP_FLAG_UNCOMPRESS;
}
static int c_write_options(sqfs_compressor_t *cmp, sqfs_file_t *f) { return SQFS_ERROR_IO; }
/* Options only tune compression; tables are found by absolute offsets. */
static int c_read_options(sqfs_compressor_t *cmp, sqfs_file_t *f) { return 0; }

static sqfs_s32 lzo_sqfs_block(sqfs_compressor_t *cmp, const sqfs_u8 *in, sqfs_u32 size,
                          sqfs_u8 *out, sqfs_u32 outsize)
{
    lzo_uint len = outsize;
    if (lzo1x_decompress_safe(in, size, out, &len, NULL) != LZO_E_OK || len > outsize)
        return SQFS_ERROR_COMPRESSOR;
    return (sqfs_s32)len;
}

/* Run a liblzma decoder over one block; returns bytes out or -1. */
static sqfs_s32 run(lzma_stream *s, const sqfs_u8 *in, size_t size, sqfs_u8 *out,
                    size_t outsize)
{
    s->next_in = in;
    s->avail_in = size;
    s->next_out = out;
    s->avail_out = outsize;
    lzma_ret r = lzma_code(s, LZMA_FINISH);
    size_t got = outsize - s->avail_out;
    lzma_end(s);
    /* A block without an end marker ends when its input does. */
    if (r == LZMA_STREAM_END || ((r == LZMA_OK || r == LZMA_BUF_ERROR) && s->avail_in == 0))
        return (sqfs_s32)got;
    return -1;
}

static sqfs_s32 tplzma_block(sqfs_compressor_t *cmp, const sqfs_u8 *in, sqfs_u32 size,
                           sqfs_u8 *out, sqfs_u32 outsize)
{
    compat *c = (compat *)cmp;
    if (size < 5)
        return SQFS_ERROR_COMPRESSOR;
    lzma_stream s = LZMA_STREAM_INIT;
    if (size >= 13 && lzma_alone_decoder(&s, FW_MAX_DECODER_MEMORY) == LZMA_OK) {
        sqfs_s32 got = run(&s, in, size, out, outsize);
        if (got >= 0)
            return got;
    }
    /* TP-Link variant: props byte, 32-bit dictionary size, raw LZMA1 data. */
    lzma_options_lzma opt;
    unsigned props = in[0];
    if (props >= 9 * 5 * 5)
        return SQFS_ERROR_COMPRESSOR;
    memset(&opt, 0, sizeof opt);
    opt.lc = props % 9;
    opt.lp = (props / 9) % 5;
    opt.pb = props / 45;
    uint32_t dict = (uint32_t)in[1] | (uint32_t)in[2] << 8 | (uint32_t)in[3] << 16 |
                    (uint32_t)in[4] << 24;
    opt.dict_size = dict < 4096 ? 4096 : dict > (64u << 20) ? (64u << 20) : dict;
    lzma_filter filters[2] = { { LZMA_FILTER_LZMA1, &opt }, { LZMA_VLI_UNKNOWN, NULL } };
    lzma_stream s2 = LZMA_STREAM_INIT;
    if (lzma_raw_decoder(&s2, filters) != LZMA_OK)
        return SQFS_ERROR_COMPRESSOR;
    sqfs_s32 got = run(&s2, in + 5, size - 5, out, outsize);
    if (got < 0)
        return SQFS_ERROR_COMPRESSOR;
    c->variant_blocks++;
    return got;
}

sqfs_compressor_t *fw_sqfs_compat_create(unsigned id, size_t block_size)
{
    if (id != SQFS_COMP_LZO && id != SQFS_COMP_LZMA)
        return NULL;
    if (id == SQFS_COMP_LZO && lzo_init() != LZO_E_OK)
        return NULL;
    compat *c = fw_xcalloc(1, sizeof *c);
    c->id = (SQFS_COMPRESSOR)id;
    c->block_size = block_size;
    c->cmp.base.destroy = c_destroy;
    c->cmp.base.copy = c_copy;
    c->cmp.get_configuration = c_get_config;
    c->cmp.write_options = c_write_options;
    c->cmp.read_options = c_read_options;
    c->cmp.do_block = id == SQFS_COMP_LZO ? lzo_sqfs_block : tplzma_block;
    return &c->cmp;
}

unsigned fw_sqfs_compat_variant_blocks(const sqfs_compressor_t *cmp)
{
    return ((const compat *)cmp)->variant_blocks;
}
