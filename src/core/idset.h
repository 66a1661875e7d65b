/* idset.h: a set of 64-bit ids (inode numbers, offsets), for loop and
 * sharing checks in file-system readers: "is this directory inode already
 * on the path / already read?". Open addressing, grows by doubling; its size
 * is bounded by what the caller inserts (at most one per entry read, so by
 * the loader's entry limit). Not thread-safe; one per reader. */
#ifndef FW_CORE_IDSET_H
#define FW_CORE_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct fw_idset {
    uint64_t *slot;   /* key + 1; 0 = empty (so id 0 is a valid key) */
    size_t cap, count;
} fw_idset;

/* Add id; returns 1 if it was new, 0 if it was already there. */
int fw_idset_add(fw_idset *s, uint64_t id);
int fw_idset_has(const fw_idset *s, uint64_t id);
void fw_idset_release(fw_idset *s);

#endif
