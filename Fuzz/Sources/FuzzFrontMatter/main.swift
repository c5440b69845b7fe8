import StetCore

/// Any bytes as a document: the validator accepts or refuses with an error, never traps or hangs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let frontMatter = try? DocumentContent.validate(bytes) else { return 0 }
    // What is accepted is text within the limit, and every field it reports is a string.
    precondition(bytes.count <= Limits.documentSize)
    precondition(String(validating: bytes, as: UTF8.self) != nil)
    precondition(!bytes.contains(0))
    _ = frontMatter.fields.values.reduce(0) { $0 + $1.utf8.count }
    return 0
}
