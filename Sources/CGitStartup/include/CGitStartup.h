#ifndef STET_CGITSTARTUP_H
#define STET_CGITSTARTUP_H

#include <stddef.h>

/* Initialises libgit2 without parsing the system's CA bundle (see GitStartup.c for why and how).
 * Returns git_libgit2_init's result. */
int stet_git_init_without_ca_bundle(void);

/* 1 when libgit2's initialisation asked for the CA bundle and was answered with an empty chain:
 * an HTTPS connection would then fail certificate verification, closed, until
 * GIT_OPT_SET_SSL_CERT_LOCATIONS loads certificates. */
int stet_git_ca_bundle_deferred(void);

#ifdef __linux__
/* What libgit2's start-up calls do, given the real function (NULL if it was not found): while
 * stet_git_init_without_ca_bundle runs, no certificates, a generator seeded from the kernel, no
 * libssh2; otherwise the real call. CGitInterposers and CGitStaticWrappers
 * call these; see GitStartup.c. */
typedef int (*stet_git_certificate_loader)(void *chain, const char *path);
typedef int (*stet_git_entropy_source)(void *state, unsigned char *output, size_t length);
typedef int (*stet_git_generator_seeder)(void *context, stet_git_entropy_source source, void *state,
                                         const unsigned char *custom, size_t length);

int stet_git_start_certificates(stet_git_certificate_loader real, void *chain, const char *path);
int stet_git_start_generator(stet_git_generator_seeder real, void *context, stet_git_entropy_source source,
                             void *state, const unsigned char *custom, size_t length);
int stet_git_start_ssh(int (*real)(int flags), int flags);
#endif

#endif
