import Crypto
import Foundation
import SigiloFakes
import Testing

@Suite("Media")
struct MediaTests {
    @Test("media id → JSON → Bearer-only URL that expires after its lifetime")
    func twoStepDownload() async throws {
        try await Harness.with { harness in
            let bytes = Data("fake JPEG bytes".utf8)
            let id = harness.fake.addMedia(bytes, mimeType: "image/jpeg")
            let info = try await harness.call("GET", id)
            #expect(info.status == 200)
            let json = try #require(info.json)
            #expect(json["messaging_product"]?.string == "whatsapp")
            #expect(json["mime_type"]?.string == "image/jpeg")
            #expect(json["file_size"]?.int == bytes.count)
            #expect(json["id"]?.string == id)
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(json["sha256"]?.string == digest)
            let url = try #require(json["url"]?.string)
            #expect(url.hasPrefix("http://127.0.0.1:\(harness.fake.port)/_lookaside/"))
            let download = try await harness.call("GET", url)
            #expect(download.status == 200)
            #expect(download.raw == bytes)
            #expect(try await harness.call("GET", url, token: nil).status == 401)
            harness.fake.advanceClock(by: .seconds(301))
            #expect(try await harness.call("GET", url).status == 404)
        }
    }

    @Test("unknown media ids get 100; DELETE removes media")
    func unknownAndDelete() async throws {
        try await Harness.with { harness in
            #expect(try await harness.call("GET", "123456789").code == 100)
            let id = harness.fake.addMedia(Data([1, 2, 3]), mimeType: "audio/ogg")
            let deleted = try await harness.call("DELETE", id)
            #expect(deleted.json?["success"]?.bool == true)
            #expect(try await harness.call("GET", id).code == 100)
            #expect(try await harness.call("DELETE", id).code == 100)
        }
    }

    @Test("multipart upload returns an id whose metadata matches the bytes")
    func upload() async throws {
        try await Harness.with { harness in
            let boundary = "----sigilo-boundary"
            var body = Data()
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\n".utf8)
            )
            body.append(Data("whatsapp\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n".utf8))
            body.append(Data("application/pdf\r\n--\(boundary)\r\n".utf8))
            body.append(Data("Content-Disposition: form-data; name=\"file\"; filename=\"boleto.pdf\"\r\n".utf8))
            body.append(Data("Content-Type: application/pdf\r\n\r\n%PDF-1.4 fake\r\n--\(boundary)--\r\n".utf8))
            let answer = try await harness.call(
                "POST",
                "\(Harness.phone.id)/media",
                contentType: "multipart/form-data; boundary=\(boundary)",
                body: body
            )
            #expect(answer.status == 200)
            let id = try #require(answer.json?["id"]?.string)
            let info = try #require(try await harness.call("GET", id).json)
            #expect(info["mime_type"]?.string == "application/pdf")
            #expect(info["file_size"]?.int == "%PDF-1.4 fake".utf8.count)
        }
    }
}
