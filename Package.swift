// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stet", targets: ["stet"]),
        .library(name: "StetCore", targets: ["StetCore"]),
        .library(name: "StetCLI", targets: ["StetCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(
            name: "CGitStartup",
            dependencies: ["CLibgit2"]
        ),
        .target(
            name: "StetGit",
            dependencies: ["CLibgit2", "CGitStartup"]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "StetMarkdown",
            dependencies: ["CCmarkGFM"]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(
            name: "StetQRCode",
            dependencies: ["CQREncode"]
        ),
        .target(
            name: "StetCore",
            dependencies: [
                "StetGit",
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
            dependencies: ["StetCLI"],
            // Start-up: every `stet` run pays the dynamic loader's symbol lookups, which walk the
            // global scope in order. Nothing loads `stet`'s own symbols dynamically, so they stay
            // out of that table (the linker still exports CGitStartup's interposers that libgit2
            // references, and is told to export the one only mbedTLS itself calls; `CLITests`
            // checks); and OpenSSL's libcrypto (pulled in by
            // libgit2 through libssh2, ~3,400 self-bindings at load) is named early so its lookups
            // stop at the eighth object rather than the twentieth. BENCHMARKS.md has the measurements.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-Xlinker", "--no-export-dynamic",
                        "-Xlinker", "--export-dynamic-symbol=mbedtls_havege_init",
                        "-Xlinker", "--push-state", "-Xlinker", "--no-as-needed",
                        "-Xlinker", "-lcrypto",
                        "-Xlinker", "--pop-state",
                    ], .when(platforms: [.linux]))
            ]
        ),
        .executableTarget(
            name: "stet-bench",
            dependencies: [
                "StetCore",
                "StetGit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "StetCoreTests",
            dependencies: ["StetCore", "StetGit", "StetQRCode"]
        ),
        .testTarget(
            name: "StetEndToEndTests",
            dependencies: [
                "StetCore", "StetCLI", "StetGit", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
