import ArgumentParser
import Foundation
import StetCore

extension StetBench {
    struct Measure: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time Stet's own work in process on a generated store.")

        @Argument(help: "A folder made by 'stet-bench generate'.") var folder: String

        func run() throws {
            print("not yet")
        }
    }
}
