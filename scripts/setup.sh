# Sourced by scripts/demo and scripts/test: installs what Stet builds and is tested with, if missing.
# Debian and Ubuntu packages: libgit2-dev (the system's shared libgit2, which `stet` loads; with
# STET_STATIC_LIBGIT2=1, the opt-in Debian 12 release variant, also the static archives of the
# libraries it needs: libssh2-1-dev, libssl-dev, libmbedtls-dev, libhttp-parser-dev, libpcre2-dev,
# zlib1g-dev), libcmark-gfm-dev, libcmark-gfm-extensions-dev, libqrencode-dev and pkg-config to build; git and ssh-keygen as independent witnesses in tests,
# strace to watch the order in which a write syncs and renames (the durability test); Chromium
# to print copies to PDF, and poppler-utils (pdftotext), with which stet reads a PDF copy's text to check it; pandoc to import
# Word and OpenDocument files; curl, the portal tests' independent HTTP client.

# Installs the Debian or Ubuntu packages named, if any, as root or through sudo.
stet_apt_install() {
    [ $# -gt 0 ] || return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing $* ..." >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

stet_install_missing() {
    local missing=()
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    dpkg -s libgit2-dev >/dev/null 2>&1 || missing+=(libgit2-dev)
    local archive
    if [ "${STET_STATIC_LIBGIT2:-}" = 1 ]; then
        for archive in libssh2-1-dev libssl-dev libmbedtls-dev libhttp-parser-dev libpcre2-dev zlib1g-dev; do
            dpkg -s "$archive" >/dev/null 2>&1 || missing+=("$archive")
        done
    fi
    dpkg -s libcmark-gfm-dev >/dev/null 2>&1 || missing+=(libcmark-gfm-dev)
    dpkg -s libcmark-gfm-extensions-dev >/dev/null 2>&1 || missing+=(libcmark-gfm-extensions-dev)
    dpkg -s libqrencode-dev >/dev/null 2>&1 || missing+=(libqrencode-dev)
    command -v git >/dev/null 2>&1 || missing+=(git)
    command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
    command -v strace >/dev/null 2>&1 || missing+=(strace)
    # Measures a child process's own peak memory (AuditScalingTests).
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    # Printing copies to PDF (stet render --format pdf), and reading their text to check them (check-copy).
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
    # Converting Word and OpenDocument files on import (stet import), tested with a .docx.
    command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
    # Asking the portal over a real socket (PortalHTTPTests), as any HTTP client would.
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    stet_apt_install "${missing[@]}"
    # The opt-in static variant links these archives (Package.swift, staticLibgit2), as Debian 12's
    # libgit2 is built; the default build needs none of them.
    if [ "${STET_STATIC_LIBGIT2:-}" = 1 ]; then
        for archive in libgit2 libssh2 libmbedtls libmbedx509 libmbedcrypto libhttp_parser libpcre2-8 libcrypto libz; do
            if ! compgen -G "/usr/lib/*/$archive.a" >/dev/null && [ ! -e "/usr/lib/$archive.a" ]; then
                echo "STET_STATIC_LIBGIT2=1 links libgit2 statically and needs $archive.a, which Debian 12's" \
                    "-dev packages ship; build without STET_STATIC_LIBGIT2 to use the system's shared libgit2." >&2
                exit 1
            fi
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "Swift is not on PATH: install a Swift 6 toolchain first (https://www.swift.org/install/)." >&2
        exit 1
    fi
}

# For the benchmarks only: wrk puts the portal under load, and nginx serves the same page as a
# static file, the reference measured in the same run (scripts/bench-portal).
stet_install_bench_tools() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v nginx >/dev/null 2>&1 || missing+=(nginx)
    stet_apt_install "${missing[@]}"
}

# For the tests only: Playwright for Python drives the system's Chromium in the portal's
# browser test (PortalBrowserTests); it brings no browser of its own.
stet_install_test_tools() {
    python3 -c "import playwright" 2>/dev/null && return 0
    echo "Installing Playwright for Python ..." >&2
    # A Debian python3 refuses to install beside its own packages unless told to (PEP 668).
    python3 -m pip install -q playwright >&2 || python3 -m pip install -q --break-system-packages playwright >&2
}
