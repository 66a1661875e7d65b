/* idset.c: see idset.h. */
#include <stdlib.h>
#include "core/idset.h"
#include "core/xalloc.h"

static size_t slot_of(uint64_t id, size_t mask)
{
    id ^= id >> 33;   /* splitmix-style finaliser: consecutive ids spread */
    id *= 0xff51afd7ed558ccdULL;
    id ^= id >> 33;
    return (size_t)id & mask;
}

static void insert(uint64_t *slot, size_t cap, uint64_t key1)
{
    size_t i = slot_of(key1 - 1, cap - 1);
    while (slot[i])
        i = (i + 1) & (cap - 1);
    slot[i] = key1;
}

int fw_idset_has(const fw_idset *s, uint64_t id)
{
    if (!s->cap)
        return 0;
    for (size_t i = slot_of(id, s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
        if (s->slot[i] == id + 1)
            return 1;
    return 0;
}

int fw_idset_add(fw_idset *s, uint64_t id)
{
    if (id == UINT64_MAX || fw_idset_has(s, id))
        return 0;   /* UINT64_MAX cannot be stored as key + 1: treat as seen */
    if ((s->count + 1) * 2 > s->cap) {   /* keep the load under one half */
        size_t cap = s->cap ? s->cap * 2 : 64;
        uint64_t *slot = fw_xcalloc(cap, sizeof *slot);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i])
                insert(slot, cap, s->slot[i]);
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    insert(s->slot, s->cap, id + 1);
    s->count++;
    return 1;
}

void fw_idset_release(fw_idset *s)
{
    free(s->slot);
    s->slot = NULL;
    s->cap = s->count = 0;
}
