/* Debian's libgit2 sets up every network transport inside git_libgit2_init: it parses the whole
 * CA bundle (/etc/ssl/certs/ca-certificates.crt, some 150 certificates in base64), seeds mbedTLS's
 * random generator by polling its slow entropy sources, and starts libssh2, which loads OpenSSL's
 * tables. Together that was 40% of a `stet show`. Stet opens only local repositories through
 * libgit2, never a network connection, so all of it is wasted.
 *
 * The functions below interpose those calls (the executable's definitions come first in the
 * dynamic linker's search). While stet_git_init_without_ca_bundle runs:
 *   - the certificate loaders load nothing and report success, leaving an empty trust chain,
 *     which fails closed: any HTTPS remote would be refused as untrusted, never accepted unchecked;
 *   - the random generator is seeded, as before, but from the kernel (getrandom) alone, and the
 *     entropy pool's HAVEGE state (filled by timing thousands of memory walks; HAVEGE is gone from
 *     later mbedTLS) is left empty: that pool is never drawn from, since the generator's seed is
 *     the kernel's;
 *   - libssh2_init is skipped: libssh2 is never used by Stet (an SSH remote would fail to start).
 * At any other time every call goes to the real library unchanged. If libgit2 is built otherwise
 * (OpenSSL, no SSH) or the symbols are not interposed, nothing changes but the time taken. */
#ifdef __linux__
#define _GNU_SOURCE
#endif

#include <git2.h>

#include "CGitStartup.h"

#ifdef __linux__
#include <dlfcn.h>
#include <sys/random.h>

static int initialising = 0;
static int deferred = 0;

typedef int (*certificate_loader)(void *chain, const char *path);

static int forward(const char *name, void *chain, const char *path) {
    certificate_loader loader = (certificate_loader)dlsym(RTLD_NEXT, name);
    return loader ? loader(chain, path) : -1;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (initialising) {
        deferred = 1;
        return 0;
    }
    return forward("mbedtls_x509_crt_parse_file", chain, path);
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    if (initialising) {
        deferred = 1;
        return 0;
    }
    return forward("mbedtls_x509_crt_parse_path", chain, path);
}

typedef int (*entropy_source)(void *state, unsigned char *output, size_t length);
typedef int (*generator_seeder)(void *context, entropy_source source, void *state, const unsigned char *custom,
                                size_t length);

static int kernel_entropy(void *state, unsigned char *output, size_t length) {
    (void)state;
    size_t filled = 0;
    while (filled < length) {
        ssize_t got = getrandom(output + filled, length - filled, 0);
        if (got <= 0) return -0x0034; /* MBEDTLS_ERR_ENTROPY_SOURCE_FAILED */
        filled += (size_t)got;
    }
    return 0;
}

int mbedtls_ctr_drbg_seed(void *context, entropy_source source, void *state, const unsigned char *custom,
                          size_t length) {
    generator_seeder seed = (generator_seeder)dlsym(RTLD_NEXT, "mbedtls_ctr_drbg_seed");
    if (!seed) return -0x0034;
    if (initialising) return seed(context, kernel_entropy, NULL, custom, length);
    return seed(context, source, state, custom, length);
}

#if __has_include(<mbedtls/havege.h>)
#include <string.h>
#include <mbedtls/havege.h>

void mbedtls_havege_init(mbedtls_havege_state *state) {
    if (initialising) {
        memset(state, 0, sizeof *state);
        return;
    }
    void (*start)(mbedtls_havege_state *) = (void (*)(mbedtls_havege_state *))dlsym(RTLD_NEXT, "mbedtls_havege_init");
    if (start) start(state);
}
#endif

int libssh2_init(int flags) {
    if (initialising) return 0;
    int (*start)(int) = (int (*)(int))dlsym(RTLD_NEXT, "libssh2_init");
    return start ? start(flags) : -1;
}

int stet_git_init_without_ca_bundle(void) {
    initialising = 1;
    int result = git_libgit2_init();
    initialising = 0;
    return result;
}

int stet_git_ca_bundle_deferred(void) {
    return deferred;
}

#else

/* Elsewhere libgit2 is started as it is: the interposition relies on ELF symbol lookup. */
int stet_git_init_without_ca_bundle(void) {
    return git_libgit2_init();
}

int stet_git_ca_bundle_deferred(void) {
    return 0;
}

#endif
