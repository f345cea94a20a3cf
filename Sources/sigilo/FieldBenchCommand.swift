import ArgumentParser
import Crypto
import Foundation
import SigiloCrypto

extension KeysCommand {
    /// `sigilo keys bench`: field sealing speed, ours against bare AES-GCM, for `make bench`.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Seal and open 64-byte values with Sigilo's field layer and with bare AES-GCM; print ops/s as JSON.",
            discussion: """
                One core, in process. The difference is the cost of our layer: the additional data built \
                from the field's address, the stored format (version, key generation, nonce, tag) and \
                the UTF-8 round trip.
                """
        )

        @Option(help: "Seal+open pairs per measurement.")
        var operations = 200_000

        func run() async throws {
            try await OperatorError.report {
                let key = SymmetricKey(size: .bits256)
                let value = String(repeating: "x", count: 64)
                let address = FieldAddress(
                    tenant: UUID(),
                    table: "contacts",
                    column: "name_sealed",
                    row: UUID(),
                    subject: UUID()
                )
                let subjectKey = SubjectKey(key)
                let bytes = Data(value.utf8)
                let additional = Data(address.context.utf8)
                // Warm both paths, then the best of three runs of each.
                var ours: [Double] = []
                var bare: [Double] = []
                for _ in 0..<3 {
                    ours.append(
                        try Self.measure(operations) {
                            let sealed = try subjectKey.seal(value, at: address)
                            guard try subjectKey.open(sealed, at: address).utf8.count == 64 else { throw ExitCode(1) }
                        }
                    )
                    bare.append(
                        try Self.measure(operations) {
                            let box = try AES.GCM.seal(bytes, using: key, authenticating: additional)
                            guard try AES.GCM.open(box, using: key, authenticating: additional).count == 64 else {
                                throw ExitCode(1)
                            }
                        }
                    )
                }
                let (best, baseline) = (ours.max() ?? 0, bare.max() ?? 0)
                let overhead = baseline > 0 ? (baseline / best - 1) * 100 : 0
                print(
                    #"{"value_bytes": 64, "operations": \#(operations), "seal_open_per_second": \#(Int(best)), "bare_aes_gcm_seal_open_per_second": \#(Int(baseline)), "overhead_percent": \#((overhead * 10).rounded() / 10)}"#
                )
            }
        }

        /// Seal+open pairs per second of `body`.
        static func measure(_ operations: Int, _ body: () throws -> Void) throws -> Double {
            let started = ContinuousClock.now
            for _ in 0..<operations { try body() }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return Double(operations) / seconds
        }
    }
}
