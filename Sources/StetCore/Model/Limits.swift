/// Every size Stet accepts, in one place: what a store may hold and what Stet reads from outside.
/// SECURITY.md explains each; a change here changes what a store accepts.
public enum Limits {
    /// A document's Markdown text.
    public static let documentSize = 1 << 20
    /// A file a document links to (an image, a form), brought in by an import.
    public static let attachmentSize = 10 << 20
    /// A rendered copy given to `check-copy`: the text with its header, signatures and markup.
    public static let copySize = 64 * documentSize
    /// Any file in a store's tree: larger than any file Stet writes, so a bigger object is refused
    /// before it is read, and a forged tree cannot exhaust memory.
    public static let stateFileSize = 32 << 20
    /// A key file.
    public static let keyFileSize = 64 * 1024
    /// Files one document may link to, and their bytes together.
    public static let linkedFiles = 256
    public static let linkedBytes = 64 << 20
    /// An image embedded in a copy (as a data URI), so one file is the whole copy. (PNG, JPEG, GIF.)
    public static let embeddedImageSize = 4 << 20
    /// A title, name, reason or comment, in characters.
    public static let textLength = 500
    /// Nesting of front matter (YAML) values.
    public static let frontMatterDepth = 8
    /// A document's front matter (the YAML between its `---` lines).
    public static let frontMatterSize = 64 * 1024
    /// One string in an SSH signature's wire format.
    public static let sshWireString = 1 << 20
    /// A passphrase line, typed or read from a file.
    public static let passphraseLine = 4096
    /// A verified-head record in the key folder.
    public static let verifiedHeadRecord = 4096
    /// The record of good signatures in the key folder: about a million events' worth (beyond
    /// it, the record is passed over and signatures are checked again).
    public static let signatureCache = 128 << 20
    /// One cache entry of derived rows (the register of one shard of documents).
    public static let cacheEntry = 16 << 20
}
