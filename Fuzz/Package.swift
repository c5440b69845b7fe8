// swift-tools-version:6.0
// libFuzzer targets for Stet's parsers. Built only by scripts/fuzz (with --sanitize=fuzzer),
// never by the main package, because libFuzzer supplies each executable's main.
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the clone was called.
let stet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let targets = ["FuzzFrontMatter", "FuzzIdentifiers", "FuzzDates", "FuzzKeyFile", "FuzzImport", "FuzzCopy"]

let package = Package(
    name: "StetFuzz",
    dependencies: [.package(path: stet.path)],
    targets: targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "StetCore", package: stet.lastPathComponent)]
        )
    },
    swiftLanguageModes: [.v6]
)
