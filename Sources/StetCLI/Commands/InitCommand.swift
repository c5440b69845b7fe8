import ArgumentParser
import StetCore

struct InitCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a store with its first controller.",
        discussion: "The controller's key must already be in the key folder ('stet keygen --user <id>').")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The folder for the new store (must not exist, or be empty).")
    var path: String

    @Option(help: "The first controller's user id.")
    var controller: String

    @Option(help: "The controller's full printed name.")
    var name: String

    @Option(help: "The controller's public key, as 'stet keygen' printed it.")
    var key: String

    func execute() throws(StetError) {
        let id = try UserID(controller)
        let publicKey = try PublicKey(openSSH: key)
        let signingKey = try options.signingKey(for: id)
        let store = try Store.create(
            at: Invocation.current.path(path),
            controller: NewUser(id: id, name: name, roles: [.controller], key: publicKey),
            signedBy: signingKey, now: Invocation.current.now)
        Terminal.print("Created store at \(store.path) with controller \(id) [\(try store.head().short)]")
    }
}
