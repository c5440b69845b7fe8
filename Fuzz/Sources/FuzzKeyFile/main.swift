import StetCore

/// Any bytes as a key file: the reader accepts a well-formed file or refuses with a key-file
/// error. Unsealing is left out: each attempt costs a full scrypt derivation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeyFile(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    do {
        let file = try KeyFile.parse(bytes, path: "fuzz.key")
        precondition((try? Identifier.user(file.owner)) == file.owner, "accepted a key file for a malformed user")
    } catch {
        precondition(error.errorDescription?.contains("fuzz.key") == true, "a refusal that does not name the file")
    }
    return 0
}
