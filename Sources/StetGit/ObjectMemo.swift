/// What a long run of reads and derivations (a replay, an export, an import) keeps from one event
/// to the next: folders by tree id and blobs by id. An id fixes its content, so nothing kept is
/// ever stale. The run owns it and lends it to its repository handle (`Repository.remembering`);
/// a command that reads a few files reads them without one, and builds no tables for it.
public final class ObjectMemo {
    /// Folders read or derived. A replay derives each event's folders from the last event's,
    /// which it has just derived itself, and reads the same top folders at every event, which
    /// the two generations keep (see `GenerationalMemo`).
    var folders = GenerationalMemo<ObjectID, EncodedFolder>(generationBudget: ObjectMemo.folderEntries)
    /// Folder entries per generation (about 5 MB): counted by entry, not by folder, so the
    /// small folders of each document stay while the big shard folders come and go.
    static let folderEntries = 1 << 17
    /// Blobs read or derived lately (see `BlobMemo`).
    var blobs = BlobMemo()

    public init() {}
}
