/* Debian's libgit2 sets up every network transport inside git_libgit2_init: it parses the whole
 * CA bundle (/etc/ssl/certs/ca-certificates.crt, some 150 certificates in base64), seeds mbedTLS's
 * random generator by polling its slow entropy sources, and starts libssh2, which loads OpenSSL's
 * tables. Together that was 40% of a `stet show`. Stet opens only local repositories through
 * libgit2, never a network connection, so all of it is wasted.
 *
 * While stet_git_init_without_ca_bundle runs, those calls are intercepted:
 *   - the certificate loaders load nothing and report success, leaving an empty trust chain,
 *     which fails closed: any HTTPS remote would be refused as untrusted, never accepted unchecked;
 *   - the random generator is seeded, as before, but from the kernel (getrandom) alone;
 *   - libssh2_init is skipped: libssh2 is never used by Stet (were an SSH session ever opened,
 *     libssh2 would start itself then, as it does when its user never called libssh2_init).
 * At any other time every call goes to the real library unchanged.
 *
 * How they are intercepted depends on how libgit2 is linked. The `stet` executable links it
 * statically, and the linker's --wrap sends libgit2's calls to CGitStaticWrappers. Tests and
 * stet-bench load it as a shared library, and CGitInterposers' definitions come first in the
 * dynamic linker's search. Both only find the real function and hand it to the stet_git_start_*
 * functions below, which decide. A shared libgit2 built otherwise (OpenSSL,
 * no SSH) is simply not intercepted, which changes only the time taken; `stet`'s static link
 * names the archives of Debian 12's build and does not link against another. */
#ifdef __linux__
#define _GNU_SOURCE
#endif

#include <git2.h>

#include "CGitStartup.h"

#ifdef __linux__
#include <sys/random.h>

static int initialising = 0;
static int deferred = 0;

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

int stet_git_start_certificates(stet_git_certificate_loader real, void *chain, const char *path) {
    if (initialising) {
        deferred = 1;
        return 0;
    }
    return real ? real(chain, path) : -1;
}

int stet_git_start_generator(stet_git_generator_seeder real, void *context, stet_git_entropy_source source,
                             void *state, const unsigned char *custom, size_t length) {
    if (!real) return -0x0034;
    if (initialising) return real(context, kernel_entropy, NULL, custom, length);
    return real(context, source, state, custom, length);
}


int stet_git_start_ssh(int (*real)(int flags), int flags) {
    if (initialising) return 0;
    return real ? real(flags) : -1;
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

/* Elsewhere libgit2 is started as it is. */
int stet_git_init_without_ca_bundle(void) {
    return git_libgit2_init();
}

int stet_git_ca_bundle_deferred(void) {
    return 0;
}

#endif
