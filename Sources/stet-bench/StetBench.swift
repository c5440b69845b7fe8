import ArgumentParser
import Foundation
import StetCore

@main
struct StetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stet-bench",
        abstract: "Developer tools for measuring Stet: build large stores, and time Stet's own work in process.",
        subcommands: [Generate.self, Measure.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a valid, fully signed store of about N documents and E events in a new folder.",
            discussion: """
                The folder gets 'store' (the store) and 'keys' (the users' key files, passphrase \
                "\(StoreGenerator.passphrase)"). Users: qm (controller), author1-5, reviewer1-5, \
                approver1-5, staff1-5. Events run from 2020 to now.
                """)

        @Option(help: "Documents.") var documents = 1000
        @Option(help: "Events in total (about).") var events = 10000
        @Option(help: "Seed: the same seed builds the same documents and events.") var seed: UInt64 = 42
        @Argument(help: "A new folder.") var folder: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: folder) else {
                throw ValidationError("\(folder) already exists: give a new folder")
            }
            let summary = try StoreGenerator(documents: documents, events: events, seed: seed).generate(into: folder) {
                FileHandle.standardError.write(Data("  \($0)\n".utf8))
            }
            print(
                String(
                    format: "Generated %d events on %d documents in %.1f s: %@/store", summary.events,
                    summary.documents, summary.seconds, folder))
        }
    }
}
