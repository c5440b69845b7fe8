/// A document read from an existing quality system, ready to enter the store.
public struct ImportedDocument: Sendable, Equatable {

    public var id: String
    public var type: String
    public var title: String
    public var content: [UInt8]
    /// The version number it had; nil imports it as a draft.
    public var version: Int?
    /// The version as the old system wrote it (`2.1.2`), kept beside Stet's number when it says more.
    public var versionLabel: String?
    /// The day it took effect in the old system (may be in the past); nil means today.
    public var effective: Day?
    /// Where it came from, relative to the imported folder.
    public var source: String
    /// Files it links to, by their path relative to the document.
    public var attachments: [String: [UInt8]]
    /// What the import did to read it that its author should know (front matter repaired,
    /// converted from Word, a link to a missing file); not recorded.
    public var warnings: [String] = []
    /// The documents its front matter names as its parents (a form's procedure), as the import
    /// read them.
    public var parents: [String] = []
    /// The documents it is recorded as part of: its parents, as found in the store or the folder.
    public var partOf: [String] = []
    /// For a file with no id that the import numbers: the kind of document its name says it is
    /// and the word that says so (nil when its front matter gives its type).
    public var numbered: Numbering?

    /// How a file with no id came to be numbered.
    public struct Numbering: Sendable, Equatable {
        /// The kind of document (`sop`, `report`): the type it is numbered in, or the one proposed.
        public var kind: String
        /// What told the kind: `the word 'sop' in its name`, `its front matter`.
        public var toldBy: String
    }

    public init(
        id: String, type: String, title: String, content: [UInt8], version: Int?, effective: Day?, source: String,
        attachments: [String: [UInt8]] = [:], versionLabel: String? = nil, partOf: [String] = []
    ) {
        self.partOf = partOf
        self.versionLabel = versionLabel
        self.id = id
        self.type = type
        self.title = title
        self.content = content
        self.version = version
        self.effective = effective
        self.source = source
        self.attachments = attachments
    }

    public var asDraft: Bool { version == nil }
}
