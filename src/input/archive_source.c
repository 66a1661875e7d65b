/* archive_source.c: large archive entries read when a check opens them.
 *
 * A tar (or cpio, ar) whose bytes outlive the tree need not be held
 * unpacked for the whole scan: archive.c keeps small entries and those that
 * are containers, and leaves the others here, named by their ordinal. An
 * archive can only be read front to back, so this source keeps one reader
 * positioned after the last entry it served; a request for a later entry
 * reads on, one for an earlier entry starts again from the front. Checks
 * ask in nearly increasing order (the engine's workers take files in tree
 * order, which is archive order), so the whole archive is decompressed
 * about once more in all. To keep two workers that ask for entries k and
 * k+1 in the "wrong" order from restarting the stream, entries passed on
 * the way to a near request are kept in a small read-ahead cache
 * (FW_ARCHIVE_READAHEAD_BYTES; older ones are dropped when it is full).
 * One lock serialises the reader (decompression of one stream is serial
 * anyway); checks run outside it. */
#include <archive.h>
#include <archive_entry.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/archive_int.h"

/* A request at most this many entries ahead fills the read-ahead cache
 * with the marked entries it passes; a farther one just reads on. */
#define READAHEAD_NEAR 64

typedef struct cached {
    uint64_t ordinal;
    unsigned char *data;
    size_t size;
} cached;

struct fw_archive_source {
    fw_source base;
    pthread_mutex_t mu;
    const unsigned char *d;   /* the archive (outlives the tree's nodes) */
    size_t n;
    uint64_t *marked;         /* ordinals read on demand, increasing */
    size_t n_marked, cap_marked;
    struct archive *a;        /* positioned before entry `pos`, or NULL */
    uint64_t pos;
    cached *cache;            /* read ahead, oldest first */
    size_t n_cache, cap_cache;
    size_t cache_bytes;
};

static int is_marked(const fw_archive_source *s, uint64_t ordinal)
{
    size_t lo = 0, hi = s->n_marked;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->marked[mid] == ordinal)
            return 1;
        if (s->marked[mid] < ordinal)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void cache_drop_oldest(fw_archive_source *s)
{
    s->cache_bytes -= s->cache[0].size;
    free(s->cache[0].data);
    memmove(s->cache, s->cache + 1, (s->n_cache - 1) * sizeof *s->cache);
    s->n_cache--;
}

/* Keep the current entry (ordinal, size bytes) in the read-ahead cache. */
static void cache_current(fw_archive_source *s, uint64_t ordinal, uint64_t size)
{
    if (size > FW_ARCHIVE_READAHEAD_BYTES)
        return;
    unsigned char *buf = fw_xmalloc((size_t)size + 1);
    int failed;
    size_t got = fw_archive_read_full(s->a, buf, (size_t)size, &failed);
    if (failed || got != size) {
        free(buf);   /* the request for it will see the same failure */
        return;
    }
    while (s->n_cache && s->cache_bytes + got > FW_ARCHIVE_READAHEAD_BYTES)
        cache_drop_oldest(s);
    FW_XGROW(s->cache, s->cap_cache, s->n_cache + 1);
    s->cache[s->n_cache++] = (cached){ ordinal, buf, got };
    s->cache_bytes += got;
}

static int from_cache(fw_archive_source *s, uint64_t ref, uint64_t off, unsigned char *buf,
                      size_t n)
{
    for (size_t i = 0; i < s->n_cache; i++) {
        cached *c = &s->cache[i];
        if (c->ordinal != ref)
            continue;
        if (off > c->size || n > c->size - off)
            return 0;
        memcpy(buf, c->data + off, n);
        if (off + n == c->size) {   /* read whole: it will not be asked for again soon */
            s->cache_bytes -= c->size;
            free(c->data);
            memmove(c, c + 1, (s->n_cache - i - 1) * sizeof *c);
            s->n_cache--;
        }
        return 1;
    }
    return 0;
}

static int src_read(fw_source *base, uint64_t ref, uint64_t off, unsigned char *buf, size_t n,
                    fw_error *err)
{
    fw_archive_source *s = (fw_archive_source *)base;
    int rc = FW_OK;
    pthread_mutex_lock(&s->mu);
    if (from_cache(s, ref, off, buf, n))
        goto out;
    if (!s->a || ref < s->pos) {   /* behind: start again from the front */
        if (s->a)
            archive_read_free(s->a);
        s->a = fw_archive_open_reader(s->d, s->n, 0);
        s->pos = 0;
    }
    int near = ref - s->pos <= READAHEAD_NEAR;
    struct archive_entry *e;
    for (;;) {
        int r = archive_read_next_header(s->a, &e);
        if (r == ARCHIVE_EOF || r == ARCHIVE_FATAL) {
            rc = fw_error_set(err, FW_EFORMAT, "archive entry %llu not found when read again: %s",
                              (unsigned long long)ref,
                              archive_error_string(s->a) ? archive_error_string(s->a)
                                                         : "archive ends early");
            archive_read_free(s->a);
            s->a = NULL;
            goto out;
        }
        uint64_t ordinal = s->pos++;
        if (ordinal == ref)
            break;
        if (near && is_marked(s, ordinal) && archive_entry_size_is_set(e))
            cache_current(s, ordinal, (uint64_t)archive_entry_size(e));
    }
    /* skip to off, then read n bytes */
    unsigned char scratch[4096];
    uint64_t skipped = 0;
    int failed = 0;
    while (skipped < off && !failed) {
        size_t want = off - skipped < sizeof scratch ? (size_t)(off - skipped) : sizeof scratch;
        size_t got = fw_archive_read_full(s->a, scratch, want, &failed);
        if (got < want)
            failed = 1;
        skipped += got;
    }
    size_t got = failed ? 0 : fw_archive_read_full(s->a, buf, n, &failed);
    if (failed || got != n)
        rc = fw_error_set(err, FW_EFORMAT, "archive entry data unreadable when read again "
                          "(byte %llu): %s", (unsigned long long)(off + got),
                          archive_error_string(s->a) ? archive_error_string(s->a)
                                                     : "entry ends early");
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static void src_destroy(fw_source *base)
{
    fw_archive_source *s = (fw_archive_source *)base;
    if (s->a)
        archive_read_free(s->a);
    for (size_t i = 0; i < s->n_cache; i++)
        free(s->cache[i].data);
    free(s->cache);
    free(s->marked);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

fw_archive_source *fw_archive_source_new(const unsigned char *data, size_t n)
{
    fw_archive_source *s = fw_xcalloc(1, sizeof *s);
    s->base.read = src_read;
    s->base.destroy = src_destroy;
    s->d = data;
    s->n = n;
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

void fw_archive_source_mark(fw_archive_source *s, uint64_t ordinal)
{
    FW_XGROW(s->marked, s->cap_marked, s->n_marked + 1);
    s->marked[s->n_marked++] = ordinal;
}

fw_source *fw_archive_source_base(fw_archive_source *s) { return &s->base; }
