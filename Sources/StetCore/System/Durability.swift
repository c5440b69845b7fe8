import Foundation

/// Makes a rename or a new file survive a power cut: the data is synced by whoever wrote it,
/// and the folder's own entry list is synced here, since a rename lives only in the folder.
enum Durability {
    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
