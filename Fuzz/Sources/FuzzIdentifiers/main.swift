import StetCore

/// Any text as a document, user or type id or an attachment path: what is accepted is safe to
/// use as a path component (or a relative path inside a document's folder), and stable.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdentifiers(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let parsers: [(String) throws -> String] = [
        { try Identifier.document($0) }, { try Identifier.user($0) }, { try Identifier.type($0) },
    ]
    for parse in parsers {
        guard let id = try? parse(text) else { continue }
        precondition(!id.isEmpty && id.utf8.count <= 64, "accepted an empty or over-long id")
        precondition(!id.contains("/") && !id.contains("..") && !id.hasPrefix("."), "accepted a path")
        precondition(id.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        precondition((try? parse(id)) == id, "an accepted id does not parse to itself")
    }
    if let path = try? Identifier.attachmentPath(text) {
        precondition(!path.isEmpty && !path.hasPrefix("/"), "accepted an absolute path")
        precondition(
            !path.split(separator: "/", omittingEmptySubsequences: false).contains {
                $0 == ".." || $0 == "." || $0.isEmpty
            })
        precondition(path.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
    }
    return 0
}
