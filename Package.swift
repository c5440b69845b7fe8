// swift-tools-version:6.0
import Foundation
import PackageDescription

// Every program (`stet`, the tests, stet-bench, the fuzz targets, anything using the StetCore or
// StetCLI products) loads libgit2 as a shared library, the one the system's libgit2-dev ships:
// CGitInterposers links it and intercepts its start-up (see Sources/CGitStartup/GitStartup.c).

// Opt-in, for release builds on Debian 12 only (`STET_STATIC_LIBGIT2=1 swift build -c release`):
// libgit2 linked into `stet` itself, with the libraries it needs for network remotes (libssh2 and
// OpenSSL's libcrypto, mbedTLS, http-parser) and PCRE2 and zlib, from Debian's static archives
// (shipped with the -dev packages). Stet opens only local repositories, yet as shared libraries
// these and Kerberos, which libgit2 needs for HTTP "Negotiate" authentication, made 17 of the 25
// libraries every command loaded, with 5,000 symbol bindings: 3 ms of a 15 ms `stet list`.
// Kerberos is left out: CGitStaticWrappers fails every GSS-API call. `--wrap` sends libgit2's
// start-up calls through CGitStaticWrappers. The cost: a security fix in these libraries reaches
// `stet` only when it is rebuilt (SECURITY.md). The archives are those of Debian 12's libgit2
// (1.5: http-parser, mbedTLS 2, libssh2 on OpenSSL); scripts/setup.sh checks they are there when
// the variant is asked for. Elsewhere than Linux the variant links libgit2 as a shared library.
let staticLibgit2Requested = Context.environment["STET_STATIC_LIBGIT2"] == "1"

// Where the system's libgit2 loads OpenSSL's libcrypto (through libssh2, as Debian's and Ubuntu's
// do), naming it among `stet`'s own first libraries puts it early in the dynamic loader's search:
// the 3,400 symbols it binds to itself at load are found sooner, 1.7 ms (0.86x) off every command
// in alternating runs (scripts/bench-notes.md). Where it is not installed, nothing is named.
let libcryptoEarly: [LinkerSetting] =
    [
        "/usr/lib/x86_64-linux-gnu/libcrypto.so", "/usr/lib/aarch64-linux-gnu/libcrypto.so", "/usr/lib64/libcrypto.so",
        "/usr/lib/libcrypto.so",
    ].contains(where: FileManager.default.fileExists(atPath:))
    ? [.linkedLibrary("crypto", .when(platforms: [.linux]))] : []
let staticLibgit2: [LinkerSetting] = {
    let archives = ["git2", "ssh2", "mbedtls", "mbedx509", "mbedcrypto", "http_parser", "pcre2-8", "crypto", "z"]
    let startUpCalls = [
        "mbedtls_x509_crt_parse_file", "mbedtls_x509_crt_parse_path", "mbedtls_ctr_drbg_seed",
        "libssh2_init",
    ]
    let flags =
        ["--start-group"] + archives.map { "-l:lib\($0).a" } + ["--end-group"] + startUpCalls.map { "--wrap=\($0)" }
    return [
        .unsafeFlags(flags.flatMap { ["-Xlinker", $0] }, .when(platforms: [.linux])),
        .linkedLibrary("git2", .when(platforms: [.macOS])),
    ]
}()

let package = Package(
    name: "Stet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "stet", targets: ["stet"]),
        .library(name: "StetCore", targets: ["StetCore", "CGitInterposers"]),
        .library(name: "StetCLI", targets: ["StetCLI", "CGitInterposers"]),
        .executable(name: "stet-portal", targets: ["stet-portal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // No `link` in the module map: how libgit2 is linked is each program's choice. pkg-config
        // gives the system's headers and shared library (Homebrew's too), except in the static
        // variant, where its -lgit2 would load the shared library beside the archive.
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: staticLibgit2Requested ? nil : "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(
            name: "CGitStartup",
            dependencies: ["CLibgit2"]
        ),
        .target(
            name: "CGitInterposers",
            dependencies: ["CGitStartup"],
            linkerSettings: [.linkedLibrary("git2")]
        ),
        .target(
            name: "CGitStaticWrappers",
            dependencies: ["CGitStartup"]
        ),
        .target(
            name: "StetGit",
            dependencies: ["CLibgit2", "CGitStartup", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
        ),
        .target(
            name: "StetMarkdown",
            dependencies: ["CCmarkGFM"]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        .target(
            name: "StetQRCode",
            dependencies: ["CQREncode"]
        ),
        // Thread priorities, where the scheduler's constants are defined.
        .target(name: "CStetSystem"),
        .target(
            name: "StetCore",
            dependencies: [
                "StetGit",
                "CStetSystem",
                "StetMarkdown",
                "StetQRCode",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "StetCLI",
            dependencies: [
                "StetCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "stet",
            dependencies: staticLibgit2Requested
                ? ["StetCLI", .target(name: "CGitStaticWrappers", condition: .when(platforms: [.linux]))]
                : ["StetCLI", "CGitInterposers"],
            linkerSettings: (staticLibgit2Requested ? staticLibgit2 : libcryptoEarly) + [
                // Nothing loads `stet`'s own symbols dynamically, so its 10,000 Swift symbols stay out of
                // the table every library's symbol lookups search first (`CLITests` checks).
                .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))
            ]
        ),
        // The staff portal (`stet serve`), apart from `stet` itself: the web server's thousands of
        // protocol conformances would be scanned at the start of every command (see
        // scripts/bench-notes.md), so `stet serve` hands over to this program.
        .target(
            name: "StetPortal",
            dependencies: [
                "StetCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "stet-portal",
            dependencies: [
                "StetPortal",
                "CGitInterposers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "stet-bench",
            dependencies: [
                "StetCore",
                "StetGit",
                "CGitInterposers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // What the tests share: a store with a cast and a clock, a seeded generator.
        .target(
            name: "StetTestSupport",
            dependencies: ["StetCore", "StetGit", "CGitInterposers"],
            path: "Tests/StetTestSupport"
        ),
        .testTarget(
            name: "StetGitTests",
            dependencies: ["StetGit", "StetTestSupport", "CGitInterposers"]
        ),
        .testTarget(
            name: "StetCoreTests",
            dependencies: ["StetCore", "StetGit", "StetQRCode", "StetTestSupport", "CGitInterposers"]
        ),
        .testTarget(
            name: "StetPortalTests",
            dependencies: [
                "StetPortal", "StetCore", "StetTestSupport", "CGitInterposers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "StetEndToEndTests",
            dependencies: [
                "StetCore", "StetCLI", "StetGit", "StetTestSupport", "CGitInterposers",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
