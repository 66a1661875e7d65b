/* format.h: every input format fwaudit recognises, one descriptor each
 * (internal to src/input/).
 *
 * A format is one `const fw_format fw_fmt_ID` defined in its own file (the
 * carved ones in src/input/formats/ID.c, libarchive's in
 * src/input/formats/archives.c) and one line FW_FORMAT(ID) in
 * src/input/format_list.h. The list makes the table (format.c), whose
 * order is precedence: where two formats could be read from the same bytes,
 * the first one wins. Every user of the formats iterates the table by flag:
 * the loader (input.c: what a file at offset 0 is), the carver (carve.c:
 * what starts at each offset of a blob, with a byte filter derived from
 * the keys below), the archive reader (archive.c) and the stream decoder
 * (streams.c). Nothing else lists formats. doc/formats.md, "Adding a
 * format", gives the steps.
 */
#ifndef FW_INPUT_FORMAT_H
#define FW_INPUT_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "input/input.h"

struct fw_carve;   /* image.h */

/* Where a format may occur: any combination of these. */
enum {
    /* A file that starts with it is read with `load` (libarchive): the
     * input itself, a nested file, the bytes a stream decodes to. */
    FW_FORMAT_ARCHIVE = 1u << 0,
    /* Probed at every offset of a blob and read with `open` (carve.c). */
    FW_FORMAT_CARVED = 1u << 1,
    /* A file in the tree that starts with it is carved (a rootfs.sqfs in a
     * tarball), not scanned as one file. */
    FW_FORMAT_NESTED = 1u << 2,
    /* A compressed stream (holds an archive or one file). Carved: its
     * candidates that do not decode are counted, FW_MAX_CARVE_FAILED_STREAMS
     * per blob. At the start of decoded bytes: carved, not read as an
     * archive. */
    FW_FORMAT_STREAM = 1u << 3,
};

/* The bytes a structure may start with: the byte `at` bytes into it is one
 * of the `n` values of `set`. It must be a necessary condition of the
 * probe (the carver probes a format only where its key matches, so a key
 * the probe does not imply silently skips structures). */
typedef struct fw_format_key {
    uint32_t at;
    const char *set;
    size_t n;
} fw_format_key;

/* FW_FORMAT_KEY(0, "hsqtz"): a string literal (it may hold NULs). */
#define FW_FORMAT_KEY(at, set) { (at), (set), sizeof(set) - 1 }

typedef struct fw_format {
    /* As layout rows, chains and messages print it ("squashfs", "gzip"). */
    const char *name;
    unsigned flags;        /* FW_FORMAT_* */
    fw_format_key key;
    /* Does a structure of this format start at d (n bytes left)? Nonzero if
     * so (for carved formats: its declared size). Cheap, no allocation,
     * no side effect: it decides on the header. */
    uint64_t (*probe)(const unsigned char *d, size_t n);
    /* FW_FORMAT_CARVED: read it at absolute offset off of the blob being
     * carved (records layout rows, namespaces, errors). Returns the bytes
     * it claims (0: not this format after all, carving goes on at the next
     * byte). n is what is left of the blob, which may be less than the size
     * the header declares (a truncated image). */
    uint64_t (*open)(struct fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                     const char *via);
    /* FW_FORMAT_ARCHIVE: read the file (d, n) into ns, as fw_load_archive
     * (input.h) does; `where` names it in messages. */
    int (*load)(fw_loader *ld, fw_ns *ns, const char *where, const unsigned char *d, size_t n,
                int stable, fw_error *err);
    /* FW_FORMAT_ARCHIVE streams, optional: where the stream at d ends (its
     * compressed length), 0 if unknown. An input that starts with it may go
     * on after it (kernel.gz, then a file system): what follows is carved. */
    size_t (*end)(const fw_loader *ld, const unsigned char *d, size_t n);
} fw_format;

#define FW_FORMAT(id) extern const fw_format fw_fmt_##id;
#include "input/format_list.h"
#undef FW_FORMAT

/* The table: every format of format_list.h, in its order. */
extern const fw_format *const fw_formats[];
extern const size_t fw_format_count;

/* Does d (n bytes) hold f's key? */
static inline int fw_format_keyed(const fw_format *f, const unsigned char *d, size_t n)
{
    return n > f->key.at && memchr(f->key.set, d[f->key.at], f->key.n) != NULL;
}

/* The first format of the table with one of `flags` whose structure starts
 * at d[0] (its key and its probe), or NULL. Only signatures at the start
 * are looked at (tar's at 257); carving at other offsets is carve.c's. */
const fw_format *fw_sniff(const unsigned char *d, size_t n, unsigned flags);

#endif
