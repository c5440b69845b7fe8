import Foundation
import StetCLI

exit(Stet.run(Array(CommandLine.arguments.dropFirst())))
