import StetCore

/// Any bytes as one file of a folder being imported: the first line is its path in the folder,
/// the rest its content. Whatever is planned for import has a valid id, type and version.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
    let file = String(decoding: bytes[..<newline], as: UTF8.self)
    let content = Array(bytes[min(newline + 1, bytes.endIndex)...])
    let configuration = StoreConfiguration.standard
    guard let document = try? FolderImport().document(file: file, bytes: content, configuration: configuration)
    else { return 0 }
    precondition((try? Identifier.document(document.id)) == document.id, "planned a malformed id")
    precondition(configuration.types[document.type] != nil, "planned an unknown type")
    precondition((document.version ?? 1) >= 1, "planned a version below 1")
    // The content is stored as it came, unless the import repaired it and said so.
    precondition(document.content == content || !document.warnings.isEmpty, "content changed without a note")
    _ = FolderImport.links(in: String(decoding: content, as: UTF8.self))
    return 0
}
