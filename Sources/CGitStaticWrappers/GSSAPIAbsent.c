/* GSS-API (Kerberos "Negotiate" authentication to an HTTP remote) for the statically linked
 * libgit2 in `stet`: every call fails. Stet opens only local repositories, so libgit2 never
 * reaches these; linking the real library would load seven more shared libraries (MIT Kerberos
 * and its dependencies) into every command for nothing. Were a future Stet to authenticate to an
 * HTTP remote, Negotiate would be refused, never silently skipped: the first call libgit2 makes
 * (gss_indicate_mechs) reports GSS_S_FAILURE and libgit2 gives up on Negotiate with an error; the
 * release calls succeed, having nothing to release. The types are spelt out
 * here (no <gssapi/gssapi.h>, which Debian ships only with the Kerberos headers); they match it in
 * size and calling convention: 32-bit status codes and pointers. */
#ifdef __linux__
#include <stdint.h>

#define STET_GSS_S_COMPLETE 0u
#define STET_GSS_S_FAILURE (13u << 16)

void *GSS_C_NT_HOSTBASED_SERVICE = 0;

static uint32_t refused(uint32_t *minor) {
    if (minor) *minor = 0;
    return STET_GSS_S_FAILURE;
}

static uint32_t released(uint32_t *minor) {
    if (minor) *minor = 0;
    return STET_GSS_S_COMPLETE;
}

uint32_t gss_import_name(uint32_t *minor, void *name_buffer, void *name_type, void **name) {
    (void)name_buffer, (void)name_type;
    if (name) *name = 0;
    return refused(minor);
}

uint32_t gss_init_sec_context(uint32_t *minor, void *credentials, void **context, void *target, void *mechanism,
                              uint32_t flags, uint32_t lifetime, void *bindings, void *input, void **actual_mechanism,
                              void *output, uint32_t *returned_flags, uint32_t *returned_lifetime) {
    (void)credentials, (void)context, (void)target, (void)mechanism, (void)flags, (void)lifetime, (void)bindings;
    (void)input, (void)actual_mechanism, (void)output, (void)returned_flags, (void)returned_lifetime;
    return refused(minor);
}

uint32_t gss_indicate_mechs(uint32_t *minor, void **mechanisms) {
    if (mechanisms) *mechanisms = 0;
    return refused(minor);
}

uint32_t gss_display_status(uint32_t *minor, uint32_t status, int status_type, void *mechanism,
                            uint32_t *context, void *text) {
    (void)status, (void)status_type, (void)mechanism, (void)context, (void)text;
    return refused(minor);
}

uint32_t gss_delete_sec_context(uint32_t *minor, void **context, void *output) {
    (void)output;
    if (context) *context = 0;
    return released(minor);
}

uint32_t gss_release_buffer(uint32_t *minor, void *buffer) {
    (void)buffer;
    return released(minor);
}

uint32_t gss_release_name(uint32_t *minor, void **name) {
    if (name) *name = 0;
    return released(minor);
}

uint32_t gss_release_oid_set(uint32_t *minor, void **set) {
    if (set) *set = 0;
    return released(minor);
}
#endif
