/// Key material that cannot be used. The message never contains the material.
package struct KeyMaterialError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The text is not base64.
        case notBase64 = "not_base64"
        /// The key is not 256 bits.
        case wrongLength = "wrong_length"
    }

    package let code: Code

    package init(_ code: Code) {
        self.code = code
    }

    package var description: String {
        switch code {
        case .notBase64: "key material is not base64"
        case .wrongLength: "key material must be exactly 32 bytes"
        }
    }
}
