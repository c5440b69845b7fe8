#ifndef STET_CLIBGIT2_SHIM_H
#define STET_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option Stet sets. */

/* Ask libgit2 to fsync objects, packs and refs before reporting a write as done. */
static inline int stet_git_enable_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

/* Refuse to read objects whose hash does not match their content. */
static inline int stet_git_enable_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/* Bound libgit2's object cache: its default of 256 MiB makes a long walk look like a leak. */
static inline int stet_git_set_cache_max_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

/* Bound how much of the pack files libgit2 keeps mapped: mapped pages count as resident memory,
 * and its 64-bit default (8 GiB) lets a walk over a large store map every pack. */
static inline int stet_git_set_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

/* How much of a pack libgit2 maps at once (its 64-bit default is 1 GiB: one window over a whole
 * pack, every page a walk touches counted as resident). */
static inline int stet_git_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}

/* How large an object of one type libgit2's cache keeps: by default no blob, and no tree over
 * 4 KiB, so a replay read the same large folders from the pack (inflating delta chains) at
 * every event. */
static inline int stet_git_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

/* Reads an object from the first of the database's backends that holds it, without hashing it
 * against its id (git_odb_read hashes every object it reads): for a reader that checks the bytes
 * itself, on another core. Free *data with git_odb_backend_data_free(*backend, *data). Returns
 * GIT_ENOTFOUND when no backend holds it; the caller then reads through git_odb_read, which also
 * looks for packs written since the database was opened. */
static inline int stet_git_odb_read_unhashed(void **data, size_t *length, git_object_t *type,
                                             git_odb_backend **backend, git_odb *odb, const git_oid *id) {
    size_t count = git_odb_num_backends(odb);
    for (size_t index = 0; index < count; index++) {
        git_odb_backend *candidate = NULL;
        if (git_odb_get_backend(&candidate, odb, index) != 0 || candidate == NULL || candidate->read == NULL) continue;
        int code = candidate->read(data, length, type, candidate, id);
        if (code == 0) {
            *backend = candidate;
            return 0;
        }
        if (code != GIT_ENOTFOUND && code != GIT_PASSTHROUGH) return code;
    }
    return GIT_ENOTFOUND;
}

#endif
