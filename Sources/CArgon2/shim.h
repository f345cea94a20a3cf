#include <argon2.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Argon2id with memory reused per thread.
 *
 * libargon2 mallocs (and glibc mmaps) m KiB for every hash, then frees (munmaps) it: 64 MiB of
 * fresh pages, faulted in and zeroed by the kernel, per login. Mapping and unmapping take the
 * process-wide mmap lock, so a low-priority hashing thread holding it stalls every other
 * thread that needs a page. Each hashing thread instead keeps one arena, grown when a hash
 * needs more and never returned; libargon2 wipes it before handing it back (its global
 * FLAG_clear_internal_memory, on by default).
 */
static __thread uint8_t *sigilo_argon2_arena = 0;
static __thread size_t sigilo_argon2_arena_size = 0;

static inline int sigilo_argon2_take(uint8_t **memory, size_t bytes) {
    if (sigilo_argon2_arena_size < bytes) {
        free(sigilo_argon2_arena);
        sigilo_argon2_arena = (uint8_t *)malloc(bytes);
        sigilo_argon2_arena_size = sigilo_argon2_arena ? bytes : 0;
        if (!sigilo_argon2_arena) return ARGON2_MEMORY_ALLOCATION_ERROR;
    }
    *memory = sigilo_argon2_arena;
    return ARGON2_OK;
}

static inline void sigilo_argon2_keep(uint8_t *memory, size_t bytes) {
    (void)memory;
    (void)bytes;
}

/* Raw Argon2id (version 0x13) into `out`, using this thread's arena; same signature as
 * libargon2's argon2id_hash_raw, so callers can pick either. */
static inline int sigilo_argon2id_raw(const uint32_t t_cost, const uint32_t m_cost, const uint32_t parallelism,
                                      const void *password, const size_t password_length,
                                      const void *salt, const size_t salt_length,
                                      void *out, const size_t out_length) {
    argon2_context context = {0};
    context.out = out;
    context.outlen = (uint32_t)out_length;
    context.pwd = (uint8_t *)password;
    context.pwdlen = (uint32_t)password_length;
    context.salt = (uint8_t *)salt;
    context.saltlen = (uint32_t)salt_length;
    context.t_cost = t_cost;
    context.m_cost = m_cost;
    context.lanes = parallelism;
    context.threads = parallelism;
    context.version = ARGON2_VERSION_13;
    context.allocate_cbk = sigilo_argon2_take;
    context.free_cbk = sigilo_argon2_keep;
    context.flags = ARGON2_DEFAULT_FLAGS; /* memory is wiped before release: FLAG_clear_internal_memory */
    return argon2id_ctx(&context);
}
