/// Key material that cannot be used. The message never contains the material.
package struct KeyMaterialError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The text is not base64.
        case notBase64 = "not_base64"
        /// The key is not 256 bits.
        case wrongLength = "wrong_length"
        /// A key ring text entry is not `<version>:<base64>`.
        case malformedRing = "malformed_ring"
        /// A key ring holds no key.
        case emptyRing = "empty_ring"
        /// A key ring holds one version twice.
        case duplicateVersion = "duplicate_version"
        /// A wrapped key names a master-key version the ring does not hold.
        case unknownVersion = "unknown_version"
        /// A wrapped key did not open: changed, moved, or wrapped under another key.
        case unwrapFailed = "unwrap_failed"
    }

    package let code: Code

    package init(_ code: Code) {
        self.code = code
    }

    package var description: String {
        switch code {
        case .notBase64: "key material is not base64"
        case .wrongLength: "key material must be exactly 32 bytes"
        case .malformedRing: "a key ring entry must be <version>:<base64 key>, the version a positive integer"
        case .emptyRing: "the key ring holds no key"
        case .duplicateVersion: "the key ring holds one version twice"
        case .unknownVersion: "a wrapped key names a master-key version the ring does not hold"
        case .unwrapFailed: "a wrapped key did not open: it was changed, moved, or wrapped under another key"
        }
    }
}
