package import Foundation
package import SigiloCrypto

#if canImport(Glibc)
import Glibc
#endif

/// Signed checkpoints copied out of the database: one file per checkpoint,
/// `<directory>/<tenant id>/<size, 20 digits>.note`, created exclusively and never rewritten.
///
/// A database superuser can rewrite tables, triggers and all; these files are where the
/// verifier finds what the chain looked like when it was signed. Put the directory on other
/// storage than the database (another volume, a WORM bucket mount, `chattr +a`).
package struct CheckpointArchive: Sendable {
    package let directory: URL

    package init(directory: URL) {
        self.directory = directory
    }

    /// A checkpoint file that says something else than the checkpoint being written.
    package struct Conflict: Error, Sendable, CustomStringConvertible {
        package let path: String
        package var description: String { "an archived checkpoint of the same size differs: \(path)" }
    }

    /// The archived signed notes of `tenant`, ascending by size, with their file names.
    /// - Throws: when the tenant's folder exists but cannot be listed, or a note cannot be
    ///   read as UTF-8 text: an unreadable archive must never pass for an empty one.
    package func notes(tenant: UUID) throws -> [(file: String, note: String)] {
        let folder = directory.appendingPathComponent(tenant.uuidString.lowercased())
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return try names.filter { $0.hasSuffix(".note") }.sorted().map { name in
            let path = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path.path),
                let note = String(data: data, encoding: .utf8)
            else { throw Unreadable(path: path.path) }
            return (name, note)
        }
    }

    /// An archived checkpoint file that cannot be read.
    package struct Unreadable: Error, Sendable, CustomStringConvertible {
        package let path: String
        package var description: String { "cannot read the archived checkpoint \(path)" }
    }

    /// Writes `note` (signing `checkpoint`) unless a file for its size exists. An existing
    /// file with the same checkpoint text is fine (a retry after a crash); its note is
    /// returned so the database row matches the file.
    /// - Throws: ``Conflict`` when the existing file states another checkpoint; an I/O error.
    package func write(tenant: UUID, checkpoint: AuditCheckpoint, note: String) throws -> String {
        let folder = directory.appendingPathComponent(tenant.uuidString.lowercased())
        try FileManager.default.createDirectory(
            at: folder,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let path = folder.appendingPathComponent(String(format: "%020llu.note", checkpoint.size)).path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        if descriptor < 0 {
            guard errno == EEXIST, let existing = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            guard existing.hasPrefix(checkpoint.text + "\n") else { throw Conflict(path: path) }
            return existing
        }
        defer { close(descriptor) }
        let bytes = Array(note.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
        return note
    }
}
