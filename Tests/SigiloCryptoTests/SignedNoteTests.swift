import Foundation
import SigiloCrypto
import Testing

/// C2SP signed notes and the audit checkpoints written as them.
@Suite("Signed notes and checkpoints")
struct SignedNoteTests {
    // The published example of golang.org/x/mod/sumdb/note (a public test key), so our notes
    // are the ones the Go ecosystem's tools write and read.
    static let goSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goText =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote =
        goText
        + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test("the Go reference key signs the Go reference note byte for byte, and it opens")
    func goVector() throws {
        let signer = try NoteSigner(encoded: Self.goSigner)
        #expect(signer.verifier.encoded == Self.goVerifier)
        #expect(signer.encoded == Self.goSigner)
        #expect(try SignedNote.sign(Self.goText, with: signer) == Self.goNote)
        let verifier = try NoteVerifier(encoded: Self.goVerifier)
        #expect(try SignedNote.open(Self.goNote, verifiers: [verifier]) == Self.goText)
        #expect(throws: SignedNote.Failure.badSignature) {
            try SignedNote.open(
                Self.goNote.replacingOccurrences(of: "cryptography", with: "cryptographY"),
                verifiers: [verifier]
            )
        }
    }

    @Test("keys round-trip through their text form, '+' in the base64 included; a wrong key id is refused")
    func keyText() throws {
        for _ in 0..<64 {
            let signer = try NoteSigner.generate(name: "sigilo.test/audit")
            #expect(try NoteSigner(encoded: signer.encoded).verifier == signer.verifier)
            #expect(try NoteVerifier(encoded: signer.verifier.encoded) == signer.verifier)
        }
        #expect(throws: NoteKeyError.self) {
            try NoteVerifier(encoded: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: NoteKeyError.self) {
            try NoteVerifier(encoded: "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: NoteKeyError.self) { try NoteSigner.generate(name: "") }
    }

    @Test("a checkpoint opens only as signed: wrong key, each edited field, extra lines are rejected")
    func checkpoints() throws {
        let signer = try NoteSigner.generate(name: "sigilo.test/audit")
        let checkpoint = AuditCheckpoint(
            origin: "sigilo.test/audit/0b0e2f4e-8f42-4a48-9c3c-2f8a0f0f5e11",
            size: 1000,
            root: Data(repeating: 0xAB, count: 32),
            headHash: Data(repeating: 0xCD, count: 32)
        )
        let note = try checkpoint.signed(by: signer)
        #expect(try AuditCheckpoint.open(note, verifiers: [signer.verifier]) == checkpoint)
        #expect(note.hasPrefix("sigilo.test/audit/0b0e2f4e-8f42-4a48-9c3c-2f8a0f0f5e11\n1000\nq6ur"))

        let stranger = try NoteSigner.generate(name: "sigilo.test/audit")
        #expect(throws: SignedNote.Failure.unknownKey) {
            try AuditCheckpoint.open(note, verifiers: [stranger.verifier])
        }
        #expect(throws: SignedNote.Failure.unknownKey) {
            try AuditCheckpoint.open(try checkpoint.signed(by: stranger), verifiers: [signer.verifier])
        }
        let edits = [
            ("origin", "0b0e2f4e", "0b0e2f4f"),
            ("smaller size", "\n1000\n", "\n999\n"),
            ("larger size", "\n1000\n", "\n1001\n"),
            ("root", "q6ur", "q6us"),
            ("head", "head zc3N", "head zc3O"),
        ]
        for (name, from, to) in edits {
            let edited = note.replacingOccurrences(of: from, with: to)
            #expect(edited != note, "\(name)")
            #expect(throws: SignedNote.Failure.badSignature, "\(name)") {
                try AuditCheckpoint.open(edited, verifiers: [signer.verifier])
            }
        }
        let extra = try SignedNote.sign(checkpoint.text + "extra line\n", with: signer)
        #expect(throws: SignedNote.Failure.malformed) { try AuditCheckpoint.open(extra, verifiers: [signer.verifier]) }
        #expect(throws: SignedNote.Failure.malformed) {
            try AuditCheckpoint.open(note.replacingOccurrences(of: "\n\n", with: "\n"), verifiers: [signer.verifier])
        }
    }

    @Test("the Merkle frontier gives RFC 6962 roots at every size, and survives serialisation")
    func frontier() throws {
        var leaves: [Data] = []
        var frontier = MerkleFrontier()
        for index in 0..<70 {
            let leaf = MerkleTree.leafHash(Data("event \(index)".utf8))
            leaves.append(leaf)
            frontier.append(leafHash: leaf)
            #expect(frontier.root == MerkleTree.root(of: leaves[...]), "size \(index + 1)")
            let restored = try #require(MerkleFrontier(size: frontier.size, serialized: frontier.serialized))
            #expect(restored == frontier)
        }
        #expect(MerkleFrontier(size: 5, serialized: Data(count: 32)) == nil)
    }

    @Test("the checkpoint vector of docs/audit-format.md §5: three leaves, the Go reference key")
    func checkpointVector() throws {
        let signer = try NoteSigner(encoded: Self.goSigner)
        var frontier = MerkleFrontier()
        for index in 0..<3 { frontier.append(leafHash: MerkleTree.leafHash(Data("event \(index)".utf8))) }
        #expect(frontier.root.base64EncodedString() == "cuDRdZjUDBQ/FOv7BeLFxN3Wvr8WXzVpRDrEaViH0wI=")
        let checkpoint = AuditCheckpoint(
            origin: "PeterNeumann/0b6f2c1e-7d3a-4c59-b8e4-1f2a3b4c5d6e",
            size: 3,
            root: frontier.root,
            headHash: Data(repeating: 0x11, count: 32)
        )
        let note = """
            PeterNeumann/0b6f2c1e-7d3a-4c59-b8e4-1f2a3b4c5d6e
            3
            cuDRdZjUDBQ/FOv7BeLFxN3Wvr8WXzVpRDrEaViH0wI=
            head ERERERERERERERERERERERERERERERERERERERERERE=

            — PeterNeumann x08go0mDUs+I7RcyMkEoB8SsRwV6uCLYb2ctgGW6DtoSSog6qFVVJPgwwrtyQGsk9dP/jVBmLER/KCggUQ6QRKHffgM=

            """
        #expect(try checkpoint.signed(by: signer) == note)
        #expect(try AuditCheckpoint.open(note, verifiers: [try NoteVerifier(encoded: Self.goVerifier)]) == checkpoint)
    }
}
